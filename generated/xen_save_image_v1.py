# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild
# type: ignore

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
import xen_pfn_word
import xen_image_header
from enum import IntEnum
import collections


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 11):
    raise Exception("Incompatible Kaitai Struct Python API: 0.11 or later is required, but you have %s" % (kaitaistruct.__version__))

class XenSaveImageV1(KaitaiStruct):
    """A Xen domain save image holds the state of one guest domain: the memory
    pages, the page tables' pins, the physical-to-machine map and the state of
    every virtual CPU, as saved to a file or sent by a live migration.
    
    This is version 1, the layout reviewed on xen-devel as "draft B", for x86
    PV guests. The streams Xen 4.6 and later write (libxc versions 2 and 3,
    wrapped by libxl and xl) descend from it and share its image header.
    
    The image starts with a fixed 24-octet image header in big-endian order.
    Everything after it (the domain header and the records) is in the byte
    order chosen by bit 0 of the header's `options` field, which lets a writer
    use its native order and a reader on any host read it.
    
    Reserved fields and bits, and record padding, are zero when written and are
    ignored by a restorer. This description therefore parses them without
    rejecting non-zero values; the xsif validator reports them. `valid` is used
    only where a wrong value means the data is not an image of this format.
    
    .. seealso::
       Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Overview (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
    
    
    .. seealso::
       xsif specification, v1-overview (spec/format.rst; format.html#v1-overview)
    """

    class Arch(IntEnum):
        reserved = 0
        x86 = 1
        arm = 2

    class RecordType(IntEnum):
        end = 0
        page_data = 1
        vcpu_info = 2
        vcpu_context = 3
        x86_pv_info = 4
        p2m = 5

    class X86DomainType(IntEnum):
        pv = 1
    SEQ_FIELDS = ["image_header", "body"]
    def __init__(self, _io, _parent=None, _root=None):
        super(XenSaveImageV1, self).__init__(_io)
        self._parent = _parent
        self._root = _root or self
        self._debug = collections.defaultdict(dict)

    def _read(self):
        self._debug['image_header']['start'] = self._io.pos()
        self.image_header = xen_image_header.XenImageHeader(self._io)
        self.image_header._read()
        self._debug['image_header']['end'] = self._io.pos()
        _ = self.image_header
        if not _.version == xen_image_header.XenImageHeader.FormatVersion.v1:
            raise kaitaistruct.ValidationExprError(self.image_header, self._io, u"/seq/0")
        self._debug['body']['start'] = self._io.pos()
        self.body = XenSaveImageV1.ImageBody(self._io, self, self._root)
        self.body._read()
        self._debug['body']['end'] = self._io.pos()


    def _fetch_instances(self):
        pass
        self.image_header._fetch_instances()
        self.body._fetch_instances()

    class ImageBody(KaitaiStruct):
        """The domain header and the sequence of records, up to and including END.
        Every type of the image body is nested here so that it inherits the
        byte order this type takes from the image header.
        
        .. seealso::
           Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
        
        
        .. seealso::
           xsif specification, v1-records (spec/format.rst; format.html#v1-records)
        """
        SEQ_FIELDS = ["domain_header", "records"]
        def __init__(self, _io, _parent=None, _root=None):
            super(XenSaveImageV1.ImageBody, self).__init__(_io)
            self._parent = _parent
            self._root = _root
            self._debug = collections.defaultdict(dict)

        def _read(self):
            _on = self._root.image_header.is_big_endian
            if _on == True:
                pass
                self._is_le = False
            elif _on == False:
                pass
                self._is_le = True
            if not hasattr(self, '_is_le'):
                raise kaitaistruct.UndecidedEndiannessError("/types/image_body")
            elif self._is_le == True:
                self._read_le()
            elif self._is_le == False:
                self._read_be()

        def _read_le(self):
            self._debug['domain_header']['start'] = self._io.pos()
            self.domain_header = XenSaveImageV1.ImageBody.DomainHeader(self._io, self, self._root, self._is_le)
            self.domain_header._read()
            self._debug['domain_header']['end'] = self._io.pos()
            self._debug['records']['start'] = self._io.pos()
            self._debug['records']['arr'] = []
            self.records = []
            i = 0
            while True:
                self._debug['records']['arr'].append({'start': self._io.pos()})
                _t_records = XenSaveImageV1.ImageBody.Record((not (self._root.image_header.is_big_endian)), self._io, self, self._root)
                try:
                    _t_records._read()
                finally:
                    _ = _t_records
                    self.records.append(_)
                self._debug['records']['arr'][len(self.records) - 1]['end'] = self._io.pos()
                if _.header.type == XenSaveImageV1.RecordType.end:
                    break
                i += 1
            self._debug['records']['end'] = self._io.pos()

        def _read_be(self):
            self._debug['domain_header']['start'] = self._io.pos()
            self.domain_header = XenSaveImageV1.ImageBody.DomainHeader(self._io, self, self._root, self._is_le)
            self.domain_header._read()
            self._debug['domain_header']['end'] = self._io.pos()
            self._debug['records']['start'] = self._io.pos()
            self._debug['records']['arr'] = []
            self.records = []
            i = 0
            while True:
                self._debug['records']['arr'].append({'start': self._io.pos()})
                _t_records = XenSaveImageV1.ImageBody.Record((not (self._root.image_header.is_big_endian)), self._io, self, self._root)
                try:
                    _t_records._read()
                finally:
                    _ = _t_records
                    self.records.append(_)
                self._debug['records']['arr'][len(self.records) - 1]['end'] = self._io.pos()
                if _.header.type == XenSaveImageV1.RecordType.end:
                    break
                i += 1
            self._debug['records']['end'] = self._io.pos()


        def _fetch_instances(self):
            pass
            self.domain_header._fetch_instances()
            for i in range(len(self.records)):
                pass
                self.records[i]._fetch_instances()


        class DomainHeader(KaitaiStruct):
            """General properties of the saved domain.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Domain Header (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, v1-domain-header (spec/format.rst; format.html#v1-domain-header)
            """
            SEQ_FIELDS = ["arch", "type", "page_shift", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.DomainHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/domain_header")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['arch']['start'] = self._io.pos()
                self.arch = KaitaiStream.resolve_enum(XenSaveImageV1.Arch, self._io.read_u2le())
                self._debug['arch']['end'] = self._io.pos()
                self._debug['type']['start'] = self._io.pos()
                self.type = self._io.read_u2le()
                self._debug['type']['end'] = self._io.pos()
                self._debug['page_shift']['start'] = self._io.pos()
                self.page_shift = self._io.read_u2le()
                self._debug['page_shift']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u2le()
                self._debug['reserved']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['arch']['start'] = self._io.pos()
                self.arch = KaitaiStream.resolve_enum(XenSaveImageV1.Arch, self._io.read_u2be())
                self._debug['arch']['end'] = self._io.pos()
                self._debug['type']['start'] = self._io.pos()
                self.type = self._io.read_u2be()
                self._debug['type']['end'] = self._io.pos()
                self._debug['page_shift']['start'] = self._io.pos()
                self.page_shift = self._io.read_u2be()
                self._debug['page_shift']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u2be()
                self._debug['reserved']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass

            @property
            def page_size(self):
                """Size of a guest page in octets."""
                if hasattr(self, '_m_page_size'):
                    return self._m_page_size

                self._m_page_size = 1 << self.page_shift
                return getattr(self, '_m_page_size', None)

            @property
            def x86_type(self):
                """The guest type when the architecture is x86."""
                if hasattr(self, '_m_x86_type'):
                    return self._m_x86_type

                if self.arch == XenSaveImageV1.Arch.x86:
                    pass
                    self._m_x86_type = KaitaiStream.resolve_enum(XenSaveImageV1.X86DomainType, self.type)

                return getattr(self, '_m_x86_type', None)


        class EndBody(KaitaiStruct):
            """END marks the end of the image; its body is empty.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section END (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, v1-end (spec/format.rst; format.html#v1-end)
            """
            SEQ_FIELDS = []
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.EndBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/end_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                pass

            def _read_be(self):
                pass


            def _fetch_instances(self):
                pass


        class P2mBody(KaitaiStruct):
            """The guest frames that hold the guest's own physical-to-machine map
            for the pfns p2m_start_pfn to p2m_end_pfn, inclusive.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, v1-p2m (spec/format.rst; format.html#v1-p2m)
            """
            SEQ_FIELDS = ["header", "frames"]
            def __init__(self, little_endian, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.P2mBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self.little_endian = little_endian
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/p2m_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenSaveImageV1.ImageBody.P2mHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['frames']['start'] = self._io.pos()
                self._debug['frames']['arr'] = []
                self.frames = []
                i = 0
                while not self._io.is_eof():
                    self._debug['frames']['arr'].append({'start': self._io.pos()})
                    _t_frames = XenSaveImageV1.ImageBody.P2mFrame(self.little_endian, self._io, self, self._root)
                    try:
                        _t_frames._read()
                    finally:
                        self.frames.append(_t_frames)
                    self._debug['frames']['arr'][len(self.frames) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['frames']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenSaveImageV1.ImageBody.P2mHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['frames']['start'] = self._io.pos()
                self._debug['frames']['arr'] = []
                self.frames = []
                i = 0
                while not self._io.is_eof():
                    self._debug['frames']['arr'].append({'start': self._io.pos()})
                    _t_frames = XenSaveImageV1.ImageBody.P2mFrame(self.little_endian, self._io, self, self._root)
                    try:
                        _t_frames._read()
                    finally:
                        self.frames.append(_t_frames)
                    self._debug['frames']['arr'][len(self.frames) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['frames']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                self.header._fetch_instances()
                for i in range(len(self.frames)):
                    pass
                    self.frames[i]._fetch_instances()



        class P2mFrame(KaitaiStruct):
            """One frame number of the p2m list: a 64-bit word, read as its two
            32-bit halves so that every Kaitai target computes the fields
            exactly (see xen_pfn_word).
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, v1-p2m (spec/format.rst; format.html#v1-p2m)
            """
            SEQ_FIELDS = ["first_half", "second_half"]
            def __init__(self, little_endian, _io, _parent=None, _root=None):
                super(XenSaveImageV1.ImageBody.P2mFrame, self).__init__(_io)
                self._parent = _parent
                self._root = _root
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
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/p2m_frame")
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
            def frame(self):
                """Bits 51 to 0, the frame number."""
                if hasattr(self, '_m_frame'):
                    return self._m_frame

                self._m_frame = ((self.frame_high * 4294967296) + self.low)
                return getattr(self, '_m_frame', None)

            @property
            def frame_high(self):
                """Bits 51 to 32, the high part of the frame number."""
                if hasattr(self, '_m_frame_high'):
                    return self._m_frame_high

                self._m_frame_high = self.high & 1048575
                return getattr(self, '_m_frame_high', None)

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
            def raw(self):
                """The whole word (in JavaScript exact below 2^53 only; the fields below are exact)."""
                if hasattr(self, '_m_raw'):
                    return self._m_raw

                self._m_raw = ((self.high * 4294967296) + self.low)
                return getattr(self, '_m_raw', None)

            @property
            def reserved(self):
                """Bits 63 to 52, reserved, zero."""
                if hasattr(self, '_m_reserved'):
                    return self._m_reserved

                self._m_reserved = self.high >> 20
                return getattr(self, '_m_reserved', None)


        class P2mHeader(KaitaiStruct):
            """The fixed start of a P2M body.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, v1-p2m (spec/format.rst; format.html#v1-p2m)
            """
            SEQ_FIELDS = ["p2m_start_pfn", "p2m_end_pfn"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.P2mHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/p2m_header")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['p2m_start_pfn']['start'] = self._io.pos()
                self.p2m_start_pfn = self._io.read_u8le()
                self._debug['p2m_start_pfn']['end'] = self._io.pos()
                self._debug['p2m_end_pfn']['start'] = self._io.pos()
                self.p2m_end_pfn = self._io.read_u8le()
                self._debug['p2m_end_pfn']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['p2m_start_pfn']['start'] = self._io.pos()
                self.p2m_start_pfn = self._io.read_u8be()
                self._debug['p2m_start_pfn']['end'] = self._io.pos()
                self._debug['p2m_end_pfn']['start'] = self._io.pos()
                self.p2m_end_pfn = self._io.read_u8be()
                self._debug['p2m_end_pfn']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class PageDataBody(KaitaiStruct):
            """A batch of guest pages: their frame numbers and types, then the
            contents of those that carry data, in entry order.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, v1-page-data (spec/format.rst; format.html#v1-page-data)
            """
            SEQ_FIELDS = ["header", "pfns", "page_data"]
            def __init__(self, little_endian, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.PageDataBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self.little_endian = little_endian
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/page_data_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenSaveImageV1.ImageBody.PageDataHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['pfns']['start'] = self._io.pos()
                self._debug['pfns']['arr'] = []
                self.pfns = []
                for i in range(self.header.count):
                    self._debug['pfns']['arr'].append({'start': self._io.pos()})
                    _t_pfns = XenSaveImageV1.ImageBody.PfnEntry(self.little_endian, self._io, self, self._root, self._is_le)
                    try:
                        _t_pfns._read()
                    finally:
                        self.pfns.append(_t_pfns)
                    self._debug['pfns']['arr'][i]['end'] = self._io.pos()

                self._debug['pfns']['end'] = self._io.pos()
                self._debug['page_data']['start'] = self._io.pos()
                self.page_data = self._io.read_bytes_full()
                self._debug['page_data']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenSaveImageV1.ImageBody.PageDataHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['pfns']['start'] = self._io.pos()
                self._debug['pfns']['arr'] = []
                self.pfns = []
                for i in range(self.header.count):
                    self._debug['pfns']['arr'].append({'start': self._io.pos()})
                    _t_pfns = XenSaveImageV1.ImageBody.PfnEntry(self.little_endian, self._io, self, self._root, self._is_le)
                    try:
                        _t_pfns._read()
                    finally:
                        self.pfns.append(_t_pfns)
                    self._debug['pfns']['arr'][i]['end'] = self._io.pos()

                self._debug['pfns']['end'] = self._io.pos()
                self._debug['page_data']['start'] = self._io.pos()
                self.page_data = self._io.read_bytes_full()
                self._debug['page_data']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                self.header._fetch_instances()
                for i in range(len(self.pfns)):
                    pass
                    self.pfns[i]._fetch_instances()



        class PageDataHeader(KaitaiStruct):
            """The fixed start of a PAGE_DATA body.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, v1-page-data (spec/format.rst; format.html#v1-page-data)
            """
            SEQ_FIELDS = ["count", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.PageDataHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/page_data_header")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['count']['start'] = self._io.pos()
                self.count = self._io.read_u4le()
                self._debug['count']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4le()
                self._debug['reserved']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['count']['start'] = self._io.pos()
                self.count = self._io.read_u4be()
                self._debug['count']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4be()
                self._debug['reserved']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class PfnEntry(KaitaiStruct):
            """A 64-bit word packing a page type and a guest frame number.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, v1-page-data (spec/format.rst; format.html#v1-page-data)
            """
            SEQ_FIELDS = ["word"]
            def __init__(self, little_endian, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.PfnEntry, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self.little_endian = little_endian
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/pfn_entry")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['word']['start'] = self._io.pos()
                self.word = xen_pfn_word.XenPfnWord(self.little_endian, self._io)
                self.word._read()
                self._debug['word']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['word']['start'] = self._io.pos()
                self.word = xen_pfn_word.XenPfnWord(self.little_endian, self._io)
                self.word._read()
                self._debug['word']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                self.word._fetch_instances()

            @property
            def carries_data(self):
                """True when a page of data follows for this entry."""
                if hasattr(self, '_m_carries_data'):
                    return self._m_carries_data

                self._m_carries_data = self.word.carries_data
                return getattr(self, '_m_carries_data', None)

            @property
            def high(self):
                """Bits 63 to 32 of the word."""
                if hasattr(self, '_m_high'):
                    return self._m_high

                self._m_high = self.word.high
                return getattr(self, '_m_high', None)

            @property
            def low(self):
                """Bits 31 to 0 of the word."""
                if hasattr(self, '_m_low'):
                    return self._m_low

                self._m_low = self.word.low
                return getattr(self, '_m_low', None)

            @property
            def pfn(self):
                """Bits 51 to 0, the guest frame number."""
                if hasattr(self, '_m_pfn'):
                    return self._m_pfn

                self._m_pfn = self.word.pfn
                return getattr(self, '_m_pfn', None)

            @property
            def pfn_high(self):
                """Bits 51 to 32, the high part of the guest frame number."""
                if hasattr(self, '_m_pfn_high'):
                    return self._m_pfn_high

                self._m_pfn_high = self.word.pfn_high
                return getattr(self, '_m_pfn_high', None)

            @property
            def raw(self):
                """The whole word (in JavaScript exact below 2^53 only; the fields below are exact)."""
                if hasattr(self, '_m_raw'):
                    return self._m_raw

                self._m_raw = self.word.raw
                return getattr(self, '_m_raw', None)

            @property
            def reserved(self):
                """Bits 59 to 52, reserved, zero."""
                if hasattr(self, '_m_reserved'):
                    return self._m_reserved

                self._m_reserved = self.word.reserved
                return getattr(self, '_m_reserved', None)

            @property
            def type_code(self):
                """Bits 63 to 60, the page type as a number."""
                if hasattr(self, '_m_type_code'):
                    return self._m_type_code

                self._m_type_code = self.word.type_code
                return getattr(self, '_m_type_code', None)


        class Record(KaitaiStruct):
            """One record: a 16-octet header, the body, zero padding to the next
            multiple of 8 octets and an 8-octet footer with the checksum. Every
            record starts on an 8-octet boundary.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, v1-record-framing (spec/format.rst; format.html#v1-record-framing)
            """
            SEQ_FIELDS = ["header", "body", "padding", "footer"]
            def __init__(self, little_endian, _io, _parent=None, _root=None):
                super(XenSaveImageV1.ImageBody.Record, self).__init__(_io)
                self._parent = _parent
                self._root = _root
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
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/record")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenSaveImageV1.ImageBody.RecordHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['body']['start'] = self._io.pos()
                _on = self.header.type
                if _on == XenSaveImageV1.RecordType.end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.EndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.p2m:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.P2mBody(self.little_endian, _io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.page_data:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.PageDataBody(self.little_endian, _io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.vcpu_context:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.VcpuContextBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.vcpu_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.VcpuInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.x86_pv_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.X86PvInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                else:
                    pass
                    self.body = self._io.read_bytes(self.header.body_length)
                self._debug['body']['end'] = self._io.pos()
                self._debug['padding']['start'] = self._io.pos()
                self.padding = self._io.read_bytes(self.header.padding_length)
                self._debug['padding']['end'] = self._io.pos()
                self._debug['footer']['start'] = self._io.pos()
                self.footer = XenSaveImageV1.ImageBody.RecordFooter(self._io, self, self._root, self._is_le)
                self.footer._read()
                self._debug['footer']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenSaveImageV1.ImageBody.RecordHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['body']['start'] = self._io.pos()
                _on = self.header.type
                if _on == XenSaveImageV1.RecordType.end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.EndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.p2m:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.P2mBody(self.little_endian, _io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.page_data:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.PageDataBody(self.little_endian, _io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.vcpu_context:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.VcpuContextBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.vcpu_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.VcpuInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenSaveImageV1.RecordType.x86_pv_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenSaveImageV1.ImageBody.X86PvInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                else:
                    pass
                    self.body = self._io.read_bytes(self.header.body_length)
                self._debug['body']['end'] = self._io.pos()
                self._debug['padding']['start'] = self._io.pos()
                self.padding = self._io.read_bytes(self.header.padding_length)
                self._debug['padding']['end'] = self._io.pos()
                self._debug['footer']['start'] = self._io.pos()
                self.footer = XenSaveImageV1.ImageBody.RecordFooter(self._io, self, self._root, self._is_le)
                self.footer._read()
                self._debug['footer']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                self.header._fetch_instances()
                _on = self.header.type
                if _on == XenSaveImageV1.RecordType.end:
                    pass
                    self.body._fetch_instances()
                elif _on == XenSaveImageV1.RecordType.p2m:
                    pass
                    self.body._fetch_instances()
                elif _on == XenSaveImageV1.RecordType.page_data:
                    pass
                    self.body._fetch_instances()
                elif _on == XenSaveImageV1.RecordType.vcpu_context:
                    pass
                    self.body._fetch_instances()
                elif _on == XenSaveImageV1.RecordType.vcpu_info:
                    pass
                    self.body._fetch_instances()
                elif _on == XenSaveImageV1.RecordType.x86_pv_info:
                    pass
                    self.body._fetch_instances()
                else:
                    pass
                self.footer._fetch_instances()


        class RecordFooter(KaitaiStruct):
            """The last 8 octets of a record.
            
            .. seealso::
               xsif specification, v1-checksum (spec/format.rst; format.html#v1-checksum)
            """
            SEQ_FIELDS = ["checksum", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.RecordFooter, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/record_footer")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['checksum']['start'] = self._io.pos()
                self.checksum = self._io.read_u4le()
                self._debug['checksum']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4le()
                self._debug['reserved']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['checksum']['start'] = self._io.pos()
                self.checksum = self._io.read_u4be()
                self._debug['checksum']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4be()
                self._debug['reserved']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class RecordHeader(KaitaiStruct):
            """The first 16 octets of a record.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, v1-record-framing (spec/format.rst; format.html#v1-record-framing)
            """
            SEQ_FIELDS = ["type", "body_length", "options", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.RecordHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/record_header")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['type']['start'] = self._io.pos()
                self.type = KaitaiStream.resolve_enum(XenSaveImageV1.RecordType, self._io.read_u4le())
                self._debug['type']['end'] = self._io.pos()
                self._debug['body_length']['start'] = self._io.pos()
                self.body_length = self._io.read_u4le()
                self._debug['body_length']['end'] = self._io.pos()
                self._debug['options']['start'] = self._io.pos()
                self.options = self._io.read_u2le()
                self._debug['options']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_bytes(6)
                self._debug['reserved']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['type']['start'] = self._io.pos()
                self.type = KaitaiStream.resolve_enum(XenSaveImageV1.RecordType, self._io.read_u4be())
                self._debug['type']['end'] = self._io.pos()
                self._debug['body_length']['start'] = self._io.pos()
                self.body_length = self._io.read_u4be()
                self._debug['body_length']['end'] = self._io.pos()
                self._debug['options']['start'] = self._io.pos()
                self.options = self._io.read_u2be()
                self._debug['options']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_bytes(6)
                self._debug['reserved']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass

            @property
            def checksum_valid(self):
                """True when the footer carries the CRC-32C of body and padding."""
                if hasattr(self, '_m_checksum_valid'):
                    return self._m_checksum_valid

                self._m_checksum_valid = self.options & 1 != 0
                return getattr(self, '_m_checksum_valid', None)

            @property
            def is_optional(self):
                """True for an optional record type (bit 31 set)."""
                if hasattr(self, '_m_is_optional'):
                    return self._m_is_optional

                self._m_is_optional = int(self.type) & 2147483648 != 0
                return getattr(self, '_m_is_optional', None)

            @property
            def padding_length(self):
                """Octets of padding after the body, 0 to 7."""
                if hasattr(self, '_m_padding_length'):
                    return self._m_padding_length

                self._m_padding_length = (8 - self.body_length % 8) % 8
                return getattr(self, '_m_padding_length', None)

            @property
            def reserved_options(self):
                """Option bits 1 to 15, reserved, zero."""
                if hasattr(self, '_m_reserved_options'):
                    return self._m_reserved_options

                self._m_reserved_options = self.options >> 1
                return getattr(self, '_m_reserved_options', None)


        class VcpuContextBody(KaitaiStruct):
            """The register state of one virtual CPU.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_VCPU_BASIC, EXTENDED, XSAVE, MSRS (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, v1-vcpu-context (spec/format.rst; format.html#v1-vcpu-context)
            """
            SEQ_FIELDS = ["vcpu_id", "reserved", "context"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.VcpuContextBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/vcpu_context_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['vcpu_id']['start'] = self._io.pos()
                self.vcpu_id = self._io.read_u4le()
                self._debug['vcpu_id']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4le()
                self._debug['reserved']['end'] = self._io.pos()
                self._debug['context']['start'] = self._io.pos()
                self.context = self._io.read_bytes_full()
                self._debug['context']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['vcpu_id']['start'] = self._io.pos()
                self.vcpu_id = self._io.read_u4be()
                self._debug['vcpu_id']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4be()
                self._debug['reserved']['end'] = self._io.pos()
                self._debug['context']['start'] = self._io.pos()
                self.context = self._io.read_bytes_full()
                self._debug['context']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class VcpuInfoBody(KaitaiStruct):
            """How many virtual CPUs the domain has.
            
            .. seealso::
               xsif specification, v1-vcpu-info (spec/format.rst; format.html#v1-vcpu-info)
            """
            SEQ_FIELDS = ["max_vcpu_id", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.VcpuInfoBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/vcpu_info_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['max_vcpu_id']['start'] = self._io.pos()
                self.max_vcpu_id = self._io.read_u4le()
                self._debug['max_vcpu_id']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4le()
                self._debug['reserved']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['max_vcpu_id']['start'] = self._io.pos()
                self.max_vcpu_id = self._io.read_u4be()
                self._debug['max_vcpu_id']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4be()
                self._debug['reserved']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class X86PvInfoBody(KaitaiStruct):
            """Properties of an x86 PV guest that the other records depend on.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_INFO (what the libxc stream made of this layout) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, v1-x86-pv-info (spec/format.rst; format.html#v1-x86-pv-info)
            """
            SEQ_FIELDS = ["guest_width", "pt_levels", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenSaveImageV1.ImageBody.X86PvInfoBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/image_body/types/x86_pv_info_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['guest_width']['start'] = self._io.pos()
                self.guest_width = self._io.read_u1()
                self._debug['guest_width']['end'] = self._io.pos()
                self._debug['pt_levels']['start'] = self._io.pos()
                self.pt_levels = self._io.read_u1()
                self._debug['pt_levels']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_bytes(6)
                self._debug['reserved']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['guest_width']['start'] = self._io.pos()
                self.guest_width = self._io.read_u1()
                self._debug['guest_width']['end'] = self._io.pos()
                self._debug['pt_levels']['start'] = self._io.pos()
                self.pt_levels = self._io.read_u1()
                self._debug['pt_levels']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_bytes(6)
                self._debug['reserved']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass




