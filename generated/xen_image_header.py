# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild
# type: ignore

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import IntEnum
import collections


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 11):
    raise Exception("Incompatible Kaitai Struct Python API: 0.11 or later is required, but you have %s" % (kaitaistruct.__version__))

class XenImageHeader(KaitaiStruct):
    """The first 24 octets of every image of this format, whatever its version,
    always big-endian whatever the endianness bit says, so that a reader can
    find the version and the byte order before it interprets anything else.
    
    .. seealso::
       Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Image Header - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
    
    
    .. seealso::
       xsif specification, v1-image-header (spec/format.rst; format.html#v1-image-header)
    """

    class FormatVersion(IntEnum):
        v1 = 1
        v2 = 2
        v3 = 3
    SEQ_FIELDS = ["marker_high", "marker_low", "id", "version", "options", "reserved"]
    def __init__(self, _io, _parent=None, _root=None):
        super(XenImageHeader, self).__init__(_io)
        self._parent = _parent
        self._root = _root or self
        self._debug = collections.defaultdict(dict)

    def _read(self):
        self._debug['marker_high']['start'] = self._io.pos()
        self.marker_high = self._io.read_u4be()
        self._debug['marker_high']['end'] = self._io.pos()
        if not self.marker_high == 4294967295:
            raise kaitaistruct.ValidationNotEqualError(4294967295, self.marker_high, self._io, u"/seq/0")
        self._debug['marker_low']['start'] = self._io.pos()
        self.marker_low = self._io.read_u4be()
        self._debug['marker_low']['end'] = self._io.pos()
        if not self.marker_low == 4294967295:
            raise kaitaistruct.ValidationNotEqualError(4294967295, self.marker_low, self._io, u"/seq/1")
        self._debug['id']['start'] = self._io.pos()
        self.id = self._io.read_u4be()
        self._debug['id']['end'] = self._io.pos()
        if not self.id == 1480937030:
            raise kaitaistruct.ValidationNotEqualError(1480937030, self.id, self._io, u"/seq/2")
        self._debug['version']['start'] = self._io.pos()
        self.version = KaitaiStream.resolve_enum(XenImageHeader.FormatVersion, self._io.read_u4be())
        self._debug['version']['end'] = self._io.pos()
        self._debug['options']['start'] = self._io.pos()
        self.options = self._io.read_u2be()
        self._debug['options']['end'] = self._io.pos()
        self._debug['reserved']['start'] = self._io.pos()
        self.reserved = self._io.read_bytes(6)
        self._debug['reserved']['end'] = self._io.pos()


    def _fetch_instances(self):
        pass

    @property
    def is_big_endian(self):
        """True when what follows the header is big-endian."""
        if hasattr(self, '_m_is_big_endian'):
            return self._m_is_big_endian

        self._m_is_big_endian = self.options & 1 != 0
        return getattr(self, '_m_is_big_endian', None)

    @property
    def marker(self):
        """The 64-bit marker, all ones (in JavaScript exact below 2^53 only; its halves are exact)."""
        if hasattr(self, '_m_marker'):
            return self._m_marker

        self._m_marker = ((self.marker_high * 4294967296) + self.marker_low)
        return getattr(self, '_m_marker', None)

    @property
    def reserved_options(self):
        """Option bits 1 to 15, reserved, zero."""
        if hasattr(self, '_m_reserved_options'):
            return self._m_reserved_options

        self._m_reserved_options = self.options >> 1
        return getattr(self, '_m_reserved_options', None)


