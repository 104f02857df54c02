"""Facts about Ukraine that several rules need, stated once. Imports nothing of the project."""
from __future__ import annotations

# Ukraine's area within its internationally recognised borders, Crimea included: an occupied area larger
# than this is a broken row, and the occupied-area metrics' upper bound.
UKRAINE_KM2 = 603_628
