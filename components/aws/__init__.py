"""AWS implementations of the component interfaces."""
