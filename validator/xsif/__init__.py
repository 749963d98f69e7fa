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

TYPE_CHECKING = False  # not typing's: importing typing would cost every run its start-up
if TYPE_CHECKING:
    from xsif.api import Finding, Report, UnknownRule, validate


def __getattr__(name: str) -> object:
    if name in ("Finding", "Report", "UnknownRule", "validate"):
        from xsif import api
        return getattr(api, name)
    raise AttributeError(f"module 'xsif' has no attribute {name!r}")
