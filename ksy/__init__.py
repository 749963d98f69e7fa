"""xsif.ksy: the Kaitai Struct descriptions of the format, shipped with the
package (`importlib.resources.files("xsif.ksy")`). This file only makes the
folder an importable package; the .ksy files are the specification."""
