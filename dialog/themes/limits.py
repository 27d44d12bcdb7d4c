"""The themes' thresholds, apart from the method so that pages can name them without loading it."""

#: Fewer comments than this are not grouped: there is nothing to find in them.
MIN_COMMENTS = 10
