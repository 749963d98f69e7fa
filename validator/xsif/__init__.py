"""xsif: specification and reference validator of the Xen domain save image format."""

__version__ = "0.1.0"
