"""What two or more pages use: the view state, the database access, the cache wrappers, the chart builders, exports and the page parts."""
