"""Text handling: typography normalisation, boilerplate, segmentation, word tokens."""
