"""One folder per URL path: each holds its page, its data access and, where it has them, its own queries, charts and tables."""
