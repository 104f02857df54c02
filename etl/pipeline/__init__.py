"""The refresh pipeline: validate, load in one transaction, swap the file in atomically."""
