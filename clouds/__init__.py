"""Facts about the clouds the program can run on, one module per cloud."""
