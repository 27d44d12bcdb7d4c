"""The themes' thresholds, apart from the method so that pages can name them without loading it."""

#: Fewer comments than this are not grouped: there is nothing to find in them.
MIN_COMMENTS = 10
#: Representative comments a theme shows, and comments at its edge offered for checking.
QUOTES = 3
