"""The dock panels of the main window; each is a QWidget over a DesignDocument."""
