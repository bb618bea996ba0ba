"""What creates the component's children."""
