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
    
    The word is read as its two 32-bit halves, so that every Kaitai target
    computes the fields exactly (JavaScript's numbers hold 53 bits, and its
    bit operators 32). Which half comes first depends on the image's byte
    order, which the image header chooses at run time and which an imported
    type cannot inherit: the pfn_entry of each format passes it in (`little_endian`).
    Each pfn_entry reads this type as its field `word` and forwards the
    numbers below, so that the split and the page types are stated once; the
    page type as an enum is read here, as `word.page_type`.
    
    The products are cast to u8 before they are added (`(a.as<u8> * b).as<u8>
    + c.as<u8>`): the 0.11 compiler's Rust target computes a sum in 32 bits
    unless both operands are 64-bit.
    
    .. seealso::
       Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
    
    
    .. seealso::
       xsif specification, v1-page-data (spec/format.rst; format.html#v1-page-data)
    
    
    .. seealso::
       xsif specification, libxc-page-data (spec/libxc.rst; libxc.html#libxc-page-data)
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
    SEQ_FIELDS = ["first_half", "second_half"]
    def __init__(self, little_endian, _io, _parent=None, _root=None):
        super(XenPfnWord, self).__init__(_io)
        self._parent = _parent
        self._root = _root or self
        self.little_endian = little_endian
        self._debug = collections.defaultdict(dict)

    def _read(self):
        _on = self.little_endian
        if _on == True:
            pass
            self._is_le = True
        elif _on == False:
            pass
            self._is_le = False
        if not hasattr(self, '_is_le'):
            raise kaitaistruct.UndecidedEndiannessError("/")
        elif self._is_le == True:
            self._read_le()
        elif self._is_le == False:
            self._read_be()

    def _read_le(self):
        self._debug['first_half']['start'] = self._io.pos()
        self.first_half = self._io.read_u4le()
        self._debug['first_half']['end'] = self._io.pos()
        self._debug['second_half']['start'] = self._io.pos()
        self.second_half = self._io.read_u4le()
        self._debug['second_half']['end'] = self._io.pos()

    def _read_be(self):
        self._debug['first_half']['start'] = self._io.pos()
        self.first_half = self._io.read_u4be()
        self._debug['first_half']['end'] = self._io.pos()
        self._debug['second_half']['start'] = self._io.pos()
        self.second_half = self._io.read_u4be()
        self._debug['second_half']['end'] = self._io.pos()


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
    def high(self):
        """Bits 63 to 32 of the word."""
        if hasattr(self, '_m_high'):
            return self._m_high

        self._m_high = (self.second_half if self.little_endian else self.first_half)
        return getattr(self, '_m_high', None)

    @property
    def low(self):
        """Bits 31 to 0 of the word."""
        if hasattr(self, '_m_low'):
            return self._m_low

        self._m_low = (self.first_half if self.little_endian else self.second_half)
        return getattr(self, '_m_low', None)

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

        self._m_pfn = ((self.pfn_high * 4294967296) + self.low)
        return getattr(self, '_m_pfn', None)

    @property
    def pfn_high(self):
        """Bits 51 to 32, the high part of the guest frame number."""
        if hasattr(self, '_m_pfn_high'):
            return self._m_pfn_high

        self._m_pfn_high = self.high & 1048575
        return getattr(self, '_m_pfn_high', None)

    @property
    def raw(self):
        """The whole word (in JavaScript exact below 2^53 only; the fields below are exact)."""
        if hasattr(self, '_m_raw'):
            return self._m_raw

        self._m_raw = ((self.high * 4294967296) + self.low)
        return getattr(self, '_m_raw', None)

    @property
    def reserved(self):
        """Bits 59 to 52, reserved, zero."""
        if hasattr(self, '_m_reserved'):
            return self._m_reserved

        self._m_reserved = self.high >> 20 & 255
        return getattr(self, '_m_reserved', None)

    @property
    def type_code(self):
        """Bits 63 to 60, the page type as a number."""
        if hasattr(self, '_m_type_code'):
            return self._m_type_code

        self._m_type_code = self.high >> 28
        return getattr(self, '_m_type_code', None)


