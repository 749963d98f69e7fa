"""Python parsers generated from ksy/ by the pinned Kaitai Struct compiler.

Do not edit the modules here: change the .ksy and run `make generate`.

The compiler writes imports between .ksy files as top-level imports
(`import xen_image_header`). A finder on `sys.meta_path` resolves those bare
names to the modules of this package, on demand: importing
`xsif.generated.xen_libxc_stream` loads it and the modules it imports
(the image header, the pfn word, the HVM context), and nothing else. A
run on a libxc stream so never loads the version-1, libxl or xl parsers
(tests/test_startup.py checks).
"""

import importlib
import sys

_MODULES = frozenset(("xen_image_header", "xen_pfn_word", "xen_hvm_context",
                      "xen_save_image_v1", "xen_libxc_stream", "xen_libxl_stream",
                      "xen_xl_save_file"))


class _BareNames:
    """Finds `import xen_image_header` as `xsif.generated.xen_image_header`:
    the bare name gets the package's module object itself (one module,
    one set of classes, whichever name imported it first)."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):  # noqa: ANN001, ANN206
        if name not in _MODULES:
            return None
        from importlib.machinery import ModuleSpec
        return ModuleSpec(name, cls)

    @staticmethod
    def create_module(spec):  # noqa: ANN001, ANN205
        module = importlib.import_module(f"{__name__}.{spec.name}")
        _SPECS[module.__name__] = module.__spec__  # the import system sets the bare one
        return module

    @staticmethod
    def exec_module(module):  # noqa: ANN001, ANN205
        # imported (and run) by create_module under its package name: only
        # its own spec is put back
        module.__spec__ = _SPECS.pop(module.__name__, module.__spec__)


_SPECS: dict = {}


if not any(f is _BareNames or getattr(f, "__qualname__", "") == "_BareNames"
           for f in sys.meta_path):
    sys.meta_path.insert(0, _BareNames)
