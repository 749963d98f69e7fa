# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild
# type: ignore

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import IntEnum
import collections


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 11):
    raise Exception("Incompatible Kaitai Struct Python API: 0.11 or later is required, but you have %s" % (kaitaistruct.__version__))

class XenPfnWord(KaitaiStruct):
    """The 64-bit word of one PAGE_DATA pfn entry, the same in version 1 and in
    the libxc streams (versions 2 and 3): the page type in the top four bits,
    eight reserved bits, and the guest frame number in the low 52 bits.
    
    This type reads nothing: the word is passed in as `raw`, read by the
    pfn_entry of each format in that image's byte order (which the image
    header chooses at run time, and which an imported type cannot inherit).
    Each pfn_entry parses this type as its instance `word` and forwards the
    values below, so that the split and the page types are stated once.
    
    .. seealso::
       xsif specification, v1-page-data
    """

    class PageType(IntEnum):
        notab = 0
        l1tab = 1
        l2tab = 2
        l3tab = 3
        l4tab = 4
        l1tab_pin = 9
        l2tab_pin = 10
        l3tab_pin = 11
        l4tab_pin = 12
        broken = 13
        xalloc = 14
        xtab = 15
    SEQ_FIELDS = []
    def __init__(self, raw, _io, _parent=None, _root=None):
        super(XenPfnWord, self).__init__(_io)
        self._parent = _parent
        self._root = _root or self
        self.raw = raw
        self._debug = collections.defaultdict(dict)

    def _read(self):
        pass


    def _fetch_instances(self):
        pass

    @property
    def carries_data(self):
        """True when a page of data follows for this entry."""
        if hasattr(self, '_m_carries_data'):
            return self._m_carries_data

        self._m_carries_data =  ((self.type_code <= 4) or ( ((self.type_code >= 9) and (self.type_code <= 12)) )) 
        return getattr(self, '_m_carries_data', None)

    @property
    def page_type(self):
        """Bits 63 to 60, the page type."""
        if hasattr(self, '_m_page_type'):
            return self._m_page_type

        self._m_page_type = KaitaiStream.resolve_enum(XenPfnWord.PageType, self.type_code)
        return getattr(self, '_m_page_type', None)

    @property
    def pfn(self):
        """Bits 51 to 0, the guest frame number."""
        if hasattr(self, '_m_pfn'):
            return self._m_pfn

        self._m_pfn = self.raw & 4503599627370495
        return getattr(self, '_m_pfn', None)

    @property
    def reserved(self):
        """Bits 59 to 52, reserved, zero."""
        if hasattr(self, '_m_reserved'):
            return self._m_reserved

        self._m_reserved = self.raw >> 52 & 255
        return getattr(self, '_m_reserved', None)

    @property
    def type_code(self):
        """Bits 63 to 60, the page type as a number."""
        if hasattr(self, '_m_type_code'):
            return self._m_type_code

        self._m_type_code = self.raw >> 60
        return getattr(self, '_m_type_code', None)


