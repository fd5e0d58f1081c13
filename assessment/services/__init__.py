"""The application's use cases."""
