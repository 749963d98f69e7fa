"""Python parsers generated from ksy/ by the pinned Kaitai Struct compiler.

Do not edit the modules here: change the .ksy and run `make generate`.

The compiler writes imports between .ksy files as top-level imports
(`import xen_image_header`); registering each module under its bare name
lets those imports resolve inside this package. Modules are loaded in
dependency order: a module is listed after every module it imports.
"""

import importlib
import sys

_MODULES = ("xen_image_header", "xen_pfn_word", "xen_hvm_context", "xen_save_image_v1",
            "xen_libxc_stream", "xen_libxl_stream", "xen_xl_save_file")

for _name in _MODULES:
    sys.modules.setdefault(_name, importlib.import_module(f"{__name__}.{_name}"))
