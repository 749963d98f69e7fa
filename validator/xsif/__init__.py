"""xsif: specification and reference validator of the Xen domain save image format.

    import xsif
    report = xsif.validate("guest.xsi")        # a path or a binary file object
    report.conformant, report.restorable       # True, ['4.6', ..., '4.22']
    for f in report.findings:                  # rule, severity, message, offset, spec, ...
        ...

Imports are lazy: `import xsif` loads nothing but this file, and the engine
is loaded by the first validate().
"""

__version__ = "0.1.0"

__all__ = ["Finding", "Report", "UnknownRule", "__version__", "validate"]


def __getattr__(name: str) -> object:
    # the API module is found by name at first use: the package's top imports
    # nothing of its own, so every module below may import `xsif.x` freely
    if name in ("Finding", "Report", "UnknownRule", "validate"):
        import importlib
        return getattr(importlib.import_module("xsif.api"), name)
    raise AttributeError(f"module 'xsif' has no attribute {name!r}")
