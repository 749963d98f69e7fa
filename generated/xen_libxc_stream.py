# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild
# type: ignore

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
import xen_pfn_word
import xen_image_header
import xen_hvm_context
from enum import IntEnum
import collections


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 11):
    raise Exception("Incompatible Kaitai Struct Python API: 0.11 or later is required, but you have %s" % (kaitaistruct.__version__))

class XenLibxcStream(KaitaiStruct):
    """The stream libxc writes when it saves a domain or migrates it (Xen 4.6
    and later): the memory, the vcpus and the rest of the hypervisor state of
    one guest. It descends from version 1 and starts with the same 24-octet
    image header; version 2 is written by Xen 4.6 to 4.13, version 3 (which
    adds STATIC_DATA_END and the CPUID and MSR policies) from Xen 4.14 on.
    
    After the image header come a 16-octet domain header and the records,
    all in the byte order chosen by bit 0 of the image header's options.
    A record is a type, a length, the body and zero padding to the next
    multiple of 8 octets: unlike version 1 there are no record options, no
    footer and no checksum.
    
    Inside a libxl stream this stream follows the LIBXC_CONTEXT record; a
    CHECKPOINT record then hands the stream back to libxl for a while.
    Reserved fields and padding are parsed without rejecting non-zero values;
    the xsif validator reports them.
    
    .. seealso::
       Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Overview - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
    
    
    .. seealso::
       xsif specification, libxc-overview (spec/libxc.rst; libxc.html#libxc-overview)
    """

    class DomainType(IntEnum):
        reserved = 0
        x86_pv = 1
        x86_hvm = 2
        x86_pvh = 3
        arm = 4

    class RecordType(IntEnum):
        end = 0
        page_data = 1
        x86_pv_info = 2
        x86_pv_p2m_frames = 3
        x86_pv_vcpu_basic = 4
        x86_pv_vcpu_extended = 5
        x86_pv_vcpu_xsave = 6
        shared_info = 7
        x86_tsc_info = 8
        hvm_context = 9
        hvm_params = 10
        toolstack = 11
        x86_pv_vcpu_msrs = 12
        verify = 13
        checkpoint = 14
        checkpoint_dirty_pfn_list = 15
        static_data_end = 16
        x86_cpuid_policy = 17
        x86_msr_policy = 18

    class TscMode(IntEnum):
        default = 0
        always_emulate = 1
        never_emulate = 2
        pvrdtscp = 3
    SEQ_FIELDS = ["image_header", "body"]
    def __init__(self, in_libxl, _io, _parent=None, _root=None):
        super(XenLibxcStream, self).__init__(_io)
        self._parent = _parent
        self._root = _root or self
        self.in_libxl = in_libxl
        self._debug = collections.defaultdict(dict)

    def _read(self):
        self._debug['image_header']['start'] = self._io.pos()
        self.image_header = xen_image_header.XenImageHeader(self._io)
        self.image_header._read()
        self._debug['image_header']['end'] = self._io.pos()
        _ = self.image_header
        if not  ((_.version == xen_image_header.XenImageHeader.FormatVersion.v2) or (_.version == xen_image_header.XenImageHeader.FormatVersion.v3)) :
            raise kaitaistruct.ValidationExprError(self.image_header, self._io, u"/seq/0")
        self._debug['body']['start'] = self._io.pos()
        self.body = XenLibxcStream.StreamBody(self._io, self, self._root)
        self.body._read()
        self._debug['body']['end'] = self._io.pos()


    def _fetch_instances(self):
        pass
        self.image_header._fetch_instances()
        self.body._fetch_instances()

    class StreamBody(KaitaiStruct):
        """The domain header and the records up to and including END. Every type
        of the stream is nested here so that it takes on the byte order this
        type takes from the image header.
        
        .. seealso::
           Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
        
        
        .. seealso::
           xsif specification, libxc-records (spec/libxc.rst; libxc.html#libxc-records)
        """
        SEQ_FIELDS = ["domain_header", "records"]
        def __init__(self, _io, _parent=None, _root=None):
            super(XenLibxcStream.StreamBody, self).__init__(_io)
            self._parent = _parent
            self._root = _root
            self._debug = collections.defaultdict(dict)

        def _read(self):
            _on = self._parent.image_header.is_big_endian
            if _on == True:
                pass
                self._is_le = False
            elif _on == False:
                pass
                self._is_le = True
            if not hasattr(self, '_is_le'):
                raise kaitaistruct.UndecidedEndiannessError("/types/stream_body")
            elif self._is_le == True:
                self._read_le()
            elif self._is_le == False:
                self._read_be()

        def _read_le(self):
            self._debug['domain_header']['start'] = self._io.pos()
            self.domain_header = XenLibxcStream.StreamBody.DomainHeader(self._io, self, self._root, self._is_le)
            self.domain_header._read()
            self._debug['domain_header']['end'] = self._io.pos()
            self._debug['records']['start'] = self._io.pos()
            self._debug['records']['arr'] = []
            self.records = []
            i = 0
            while True:
                self._debug['records']['arr'].append({'start': self._io.pos()})
                _t_records = XenLibxcStream.StreamBody.Record((not (self._parent.image_header.is_big_endian)), self._io, self, self._root)
                try:
                    _t_records._read()
                finally:
                    _ = _t_records
                    self.records.append(_)
                self._debug['records']['arr'][len(self.records) - 1]['end'] = self._io.pos()
                if  ((_.header.type == XenLibxcStream.RecordType.end) or ( ((self._parent.in_libxl) and (_.header.type == XenLibxcStream.RecordType.checkpoint)) )) :
                    break
                i += 1
            self._debug['records']['end'] = self._io.pos()

        def _read_be(self):
            self._debug['domain_header']['start'] = self._io.pos()
            self.domain_header = XenLibxcStream.StreamBody.DomainHeader(self._io, self, self._root, self._is_le)
            self.domain_header._read()
            self._debug['domain_header']['end'] = self._io.pos()
            self._debug['records']['start'] = self._io.pos()
            self._debug['records']['arr'] = []
            self.records = []
            i = 0
            while True:
                self._debug['records']['arr'].append({'start': self._io.pos()})
                _t_records = XenLibxcStream.StreamBody.Record((not (self._parent.image_header.is_big_endian)), self._io, self, self._root)
                try:
                    _t_records._read()
                finally:
                    _ = _t_records
                    self.records.append(_)
                self._debug['records']['arr'][len(self.records) - 1]['end'] = self._io.pos()
                if  ((_.header.type == XenLibxcStream.RecordType.end) or ( ((self._parent.in_libxl) and (_.header.type == XenLibxcStream.RecordType.checkpoint)) )) :
                    break
                i += 1
            self._debug['records']['end'] = self._io.pos()


        def _fetch_instances(self):
            pass
            self.domain_header._fetch_instances()
            for i in range(len(self.records)):
                pass
                self.records[i]._fetch_instances()


        class CheckpointBody(KaitaiStruct):
            """CHECKPOINT: the records so far are a consistent state of the guest.
            Inside a libxl stream it hands the stream back to libxl; more
            records (ending in another CHECKPOINT or END) follow. Body empty.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section CHECKPOINT - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-checkpoint (spec/libxc.rst; libxc.html#libxc-checkpoint)
            """
            SEQ_FIELDS = []
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.CheckpointBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/checkpoint_body")
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


        class CheckpointDirtyPfnListBody(KaitaiStruct):
            """The pfns dirtied since the last checkpoint, sent by a COLO secondary
            back to the primary (not part of a saved image).
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section CHECKPOINT_DIRTY_PFN_LIST - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-checkpoint-dirty-pfn-list (spec/libxc.rst; libxc.html#libxc-checkpoint-dirty-pfn-list)
            """
            SEQ_FIELDS = ["pfns"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.CheckpointDirtyPfnListBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/checkpoint_dirty_pfn_list_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['pfns']['start'] = self._io.pos()
                self._debug['pfns']['arr'] = []
                self.pfns = []
                i = 0
                while not self._io.is_eof():
                    self._debug['pfns']['arr'].append({'start': self._io.pos()})
                    self.pfns.append(self._io.read_u8le())
                    self._debug['pfns']['arr'][len(self.pfns) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['pfns']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['pfns']['start'] = self._io.pos()
                self._debug['pfns']['arr'] = []
                self.pfns = []
                i = 0
                while not self._io.is_eof():
                    self._debug['pfns']['arr'].append({'start': self._io.pos()})
                    self.pfns.append(self._io.read_u8be())
                    self._debug['pfns']['arr'][len(self.pfns) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['pfns']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                for i in range(len(self.pfns)):
                    pass



        class CpuidLeaf(KaitaiStruct):
            """One CPUID leaf (xen_cpuid_leaf_t).
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_CPUID_POLICY - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-x86-cpuid-policy (spec/libxc.rst; libxc.html#libxc-x86-cpuid-policy)
            """
            SEQ_FIELDS = ["leaf", "subleaf", "eax", "ebx", "ecx", "edx"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.CpuidLeaf, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/cpuid_leaf")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['leaf']['start'] = self._io.pos()
                self.leaf = self._io.read_u4le()
                self._debug['leaf']['end'] = self._io.pos()
                self._debug['subleaf']['start'] = self._io.pos()
                self.subleaf = self._io.read_u4le()
                self._debug['subleaf']['end'] = self._io.pos()
                self._debug['eax']['start'] = self._io.pos()
                self.eax = self._io.read_u4le()
                self._debug['eax']['end'] = self._io.pos()
                self._debug['ebx']['start'] = self._io.pos()
                self.ebx = self._io.read_u4le()
                self._debug['ebx']['end'] = self._io.pos()
                self._debug['ecx']['start'] = self._io.pos()
                self.ecx = self._io.read_u4le()
                self._debug['ecx']['end'] = self._io.pos()
                self._debug['edx']['start'] = self._io.pos()
                self.edx = self._io.read_u4le()
                self._debug['edx']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['leaf']['start'] = self._io.pos()
                self.leaf = self._io.read_u4be()
                self._debug['leaf']['end'] = self._io.pos()
                self._debug['subleaf']['start'] = self._io.pos()
                self.subleaf = self._io.read_u4be()
                self._debug['subleaf']['end'] = self._io.pos()
                self._debug['eax']['start'] = self._io.pos()
                self.eax = self._io.read_u4be()
                self._debug['eax']['end'] = self._io.pos()
                self._debug['ebx']['start'] = self._io.pos()
                self.ebx = self._io.read_u4be()
                self._debug['ebx']['end'] = self._io.pos()
                self._debug['ecx']['start'] = self._io.pos()
                self.ecx = self._io.read_u4be()
                self._debug['ecx']['end'] = self._io.pos()
                self._debug['edx']['start'] = self._io.pos()
                self.edx = self._io.read_u4be()
                self._debug['edx']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class DomainHeader(KaitaiStruct):
            """General properties of the saved domain.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Domain Header - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-domain-header (spec/libxc.rst; libxc.html#libxc-domain-header)
            """
            SEQ_FIELDS = ["type", "page_shift", "reserved", "xen_major", "xen_minor"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.DomainHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/domain_header")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['type']['start'] = self._io.pos()
                self.type = KaitaiStream.resolve_enum(XenLibxcStream.DomainType, self._io.read_u4le())
                self._debug['type']['end'] = self._io.pos()
                self._debug['page_shift']['start'] = self._io.pos()
                self.page_shift = self._io.read_u2le()
                self._debug['page_shift']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u2le()
                self._debug['reserved']['end'] = self._io.pos()
                self._debug['xen_major']['start'] = self._io.pos()
                self.xen_major = self._io.read_u4le()
                self._debug['xen_major']['end'] = self._io.pos()
                self._debug['xen_minor']['start'] = self._io.pos()
                self.xen_minor = self._io.read_u4le()
                self._debug['xen_minor']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['type']['start'] = self._io.pos()
                self.type = KaitaiStream.resolve_enum(XenLibxcStream.DomainType, self._io.read_u4be())
                self._debug['type']['end'] = self._io.pos()
                self._debug['page_shift']['start'] = self._io.pos()
                self.page_shift = self._io.read_u2be()
                self._debug['page_shift']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u2be()
                self._debug['reserved']['end'] = self._io.pos()
                self._debug['xen_major']['start'] = self._io.pos()
                self.xen_major = self._io.read_u4be()
                self._debug['xen_major']['end'] = self._io.pos()
                self._debug['xen_minor']['start'] = self._io.pos()
                self.xen_minor = self._io.read_u4be()
                self._debug['xen_minor']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass

            @property
            def is_legacy_converted(self):
                """True when the legacy conversion tool wrote the stream."""
                if hasattr(self, '_m_is_legacy_converted'):
                    return self._m_is_legacy_converted

                self._m_is_legacy_converted = self.xen_major == 0
                return getattr(self, '_m_is_legacy_converted', None)

            @property
            def page_size(self):
                """Size of a guest page in octets."""
                if hasattr(self, '_m_page_size'):
                    return self._m_page_size

                self._m_page_size = 1 << self.page_shift
                return getattr(self, '_m_page_size', None)


        class EndBody(KaitaiStruct):
            """END marks the end of the stream; its body is empty.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section END - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-end (spec/libxc.rst; libxc.html#libxc-end)
            """
            SEQ_FIELDS = []
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.EndBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/end_body")
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


        class HvmContextBody(KaitaiStruct):
            """The HVM context blob (XEN_DOMCTL_{get,set}hvmcontext).
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section HVM_CONTEXT - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-hvm-context (spec/libxc.rst; libxc.html#libxc-hvm-context)
            """
            SEQ_FIELDS = ["context"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.HvmContextBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/hvm_context_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['context']['start'] = self._io.pos()
                self.context = self._io.read_bytes_full()
                self._debug['context']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['context']['start'] = self._io.pos()
                self.context = self._io.read_bytes_full()
                self._debug['context']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                _ = self.save_records
                if hasattr(self, '_m_save_records'):
                    pass
                    self._m_save_records._fetch_instances()


            @property
            def save_records(self):
                """The blob as Xen's save records (xen_hvm_context): HEADER, the
                vcpu and device state, END. Always little-endian, whatever
                the stream's byte order. Read only when asked for.
                """
                if hasattr(self, '_m_save_records'):
                    return self._m_save_records

                _pos = self._io.pos()
                self._io.seek(0)
                if self._is_le:
                    self._debug['_m_save_records']['start'] = self._io.pos()
                    self._raw__m_save_records = self._io.read_bytes_full()
                    _io__raw__m_save_records = KaitaiStream(BytesIO(self._raw__m_save_records))
                    self._m_save_records = xen_hvm_context.XenHvmContext(_io__raw__m_save_records)
                    self._m_save_records._read()
                    self._debug['_m_save_records']['end'] = self._io.pos()
                else:
                    self._debug['_m_save_records']['start'] = self._io.pos()
                    self._raw__m_save_records = self._io.read_bytes_full()
                    _io__raw__m_save_records = KaitaiStream(BytesIO(self._raw__m_save_records))
                    self._m_save_records = xen_hvm_context.XenHvmContext(_io__raw__m_save_records)
                    self._m_save_records._read()
                    self._debug['_m_save_records']['end'] = self._io.pos()
                self._io.seek(_pos)
                return getattr(self, '_m_save_records', None)


        class HvmParam(KaitaiStruct):
            """One HVM parameter.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section HVM_PARAMS - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-hvm-params (spec/libxc.rst; libxc.html#libxc-hvm-params)
            """
            SEQ_FIELDS = ["index", "value"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.HvmParam, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/hvm_param")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['index']['start'] = self._io.pos()
                self.index = self._io.read_u8le()
                self._debug['index']['end'] = self._io.pos()
                self._debug['value']['start'] = self._io.pos()
                self.value = self._io.read_u8le()
                self._debug['value']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['index']['start'] = self._io.pos()
                self.index = self._io.read_u8be()
                self._debug['index']['end'] = self._io.pos()
                self._debug['value']['start'] = self._io.pos()
                self.value = self._io.read_u8be()
                self._debug['value']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class HvmParamsBody(KaitaiStruct):
            """HVM parameters of the domain (HVMOP_{get,set}_param), as index/value pairs.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section HVM_PARAMS - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-hvm-params (spec/libxc.rst; libxc.html#libxc-hvm-params)
            """
            SEQ_FIELDS = ["header", "params"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.HvmParamsBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/hvm_params_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxcStream.StreamBody.HvmParamsHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['params']['start'] = self._io.pos()
                self._debug['params']['arr'] = []
                self.params = []
                for i in range(self.header.count):
                    self._debug['params']['arr'].append({'start': self._io.pos()})
                    _t_params = XenLibxcStream.StreamBody.HvmParam(self._io, self, self._root, self._is_le)
                    try:
                        _t_params._read()
                    finally:
                        self.params.append(_t_params)
                    self._debug['params']['arr'][i]['end'] = self._io.pos()

                self._debug['params']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxcStream.StreamBody.HvmParamsHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['params']['start'] = self._io.pos()
                self._debug['params']['arr'] = []
                self.params = []
                for i in range(self.header.count):
                    self._debug['params']['arr'].append({'start': self._io.pos()})
                    _t_params = XenLibxcStream.StreamBody.HvmParam(self._io, self, self._root, self._is_le)
                    try:
                        _t_params._read()
                    finally:
                        self.params.append(_t_params)
                    self._debug['params']['arr'][i]['end'] = self._io.pos()

                self._debug['params']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                self.header._fetch_instances()
                for i in range(len(self.params)):
                    pass
                    self.params[i]._fetch_instances()



        class HvmParamsHeader(KaitaiStruct):
            """The fixed start of an HVM_PARAMS body.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section HVM_PARAMS - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-hvm-params (spec/libxc.rst; libxc.html#libxc-hvm-params)
            """
            SEQ_FIELDS = ["count", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.HvmParamsHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/hvm_params_header")
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


        class MsrEntry(KaitaiStruct):
            """One MSR of the policy (xen_msr_entry_t).
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_MSR_POLICY - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-x86-msr-policy (spec/libxc.rst; libxc.html#libxc-x86-msr-policy)
            """
            SEQ_FIELDS = ["index", "flags", "value"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.MsrEntry, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/msr_entry")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['index']['start'] = self._io.pos()
                self.index = self._io.read_u4le()
                self._debug['index']['end'] = self._io.pos()
                self._debug['flags']['start'] = self._io.pos()
                self.flags = self._io.read_u4le()
                self._debug['flags']['end'] = self._io.pos()
                self._debug['value']['start'] = self._io.pos()
                self.value = self._io.read_u8le()
                self._debug['value']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['index']['start'] = self._io.pos()
                self.index = self._io.read_u4be()
                self._debug['index']['end'] = self._io.pos()
                self._debug['flags']['start'] = self._io.pos()
                self.flags = self._io.read_u4be()
                self._debug['flags']['end'] = self._io.pos()
                self._debug['value']['start'] = self._io.pos()
                self.value = self._io.read_u8be()
                self._debug['value']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class P2mFrame(KaitaiStruct):
            """One frame number of the p2m list.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-x86-pv-p2m-frames (spec/libxc.rst; libxc.html#libxc-x86-pv-p2m-frames)
            """
            SEQ_FIELDS = ["pfn"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.P2mFrame, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/p2m_frame")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['pfn']['start'] = self._io.pos()
                self.pfn = self._io.read_u8le()
                self._debug['pfn']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['pfn']['start'] = self._io.pos()
                self.pfn = self._io.read_u8be()
                self._debug['pfn']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class PageDataBody(KaitaiStruct):
            """A batch of guest pages: their frame numbers and types, then the
            contents of those that carry data, in entry order.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-page-data (spec/libxc.rst; libxc.html#libxc-page-data)
            """
            SEQ_FIELDS = ["header", "pfns", "page_data"]
            def __init__(self, little_endian, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.PageDataBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self.little_endian = little_endian
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/page_data_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxcStream.StreamBody.PageDataHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['pfns']['start'] = self._io.pos()
                self._debug['pfns']['arr'] = []
                self.pfns = []
                for i in range(self.header.count):
                    self._debug['pfns']['arr'].append({'start': self._io.pos()})
                    _t_pfns = XenLibxcStream.StreamBody.PfnEntry(self.little_endian, self._io, self, self._root, self._is_le)
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
                self.header = XenLibxcStream.StreamBody.PageDataHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['pfns']['start'] = self._io.pos()
                self._debug['pfns']['arr'] = []
                self.pfns = []
                for i in range(self.header.count):
                    self._debug['pfns']['arr'].append({'start': self._io.pos()})
                    _t_pfns = XenLibxcStream.StreamBody.PfnEntry(self.little_endian, self._io, self, self._root, self._is_le)
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
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-page-data (spec/libxc.rst; libxc.html#libxc-page-data)
            """
            SEQ_FIELDS = ["count", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.PageDataHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/page_data_header")
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
            """A 64-bit word packing a page type and a guest frame number, split
            exactly as in version 1.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-page-data (spec/libxc.rst; libxc.html#libxc-page-data)
            """
            SEQ_FIELDS = ["word"]
            def __init__(self, little_endian, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.PfnEntry, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self.little_endian = little_endian
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/pfn_entry")
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
            """One record: an 8-octet header, the body and zero padding to the next
            multiple of 8 octets. Every record starts on an 8-octet boundary.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-record-framing (spec/libxc.rst; libxc.html#libxc-record-framing)
            """
            SEQ_FIELDS = ["header", "body", "padding"]
            def __init__(self, little_endian, _io, _parent=None, _root=None):
                super(XenLibxcStream.StreamBody.Record, self).__init__(_io)
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
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/record")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxcStream.StreamBody.RecordHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['body']['start'] = self._io.pos()
                _on = self.header.type
                if _on == XenLibxcStream.RecordType.checkpoint:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.CheckpointBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.checkpoint_dirty_pfn_list:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.CheckpointDirtyPfnListBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.EndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.hvm_context:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.HvmContextBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.hvm_params:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.HvmParamsBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.page_data:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.PageDataBody(self.little_endian, _io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.shared_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.SharedInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.static_data_end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.StaticDataEndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.toolstack:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.ToolstackBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.verify:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.VerifyBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_cpuid_policy:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86CpuidPolicyBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_msr_policy:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86MsrPolicyBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_p2m_frames:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvP2mFramesBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_basic:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvVcpuBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_extended:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvVcpuBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_msrs:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvVcpuBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_xsave:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvVcpuBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_tsc_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86TscInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                else:
                    pass
                    self.body = self._io.read_bytes(self.header.body_length)
                self._debug['body']['end'] = self._io.pos()
                self._debug['padding']['start'] = self._io.pos()
                self.padding = self._io.read_bytes(self.header.padding_length)
                self._debug['padding']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxcStream.StreamBody.RecordHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['body']['start'] = self._io.pos()
                _on = self.header.type
                if _on == XenLibxcStream.RecordType.checkpoint:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.CheckpointBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.checkpoint_dirty_pfn_list:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.CheckpointDirtyPfnListBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.EndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.hvm_context:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.HvmContextBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.hvm_params:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.HvmParamsBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.page_data:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.PageDataBody(self.little_endian, _io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.shared_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.SharedInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.static_data_end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.StaticDataEndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.toolstack:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.ToolstackBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.verify:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.VerifyBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_cpuid_policy:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86CpuidPolicyBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_msr_policy:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86MsrPolicyBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_p2m_frames:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvP2mFramesBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_basic:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvVcpuBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_extended:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvVcpuBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_msrs:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvVcpuBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_xsave:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86PvVcpuBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxcStream.RecordType.x86_tsc_info:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxcStream.StreamBody.X86TscInfoBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                else:
                    pass
                    self.body = self._io.read_bytes(self.header.body_length)
                self._debug['body']['end'] = self._io.pos()
                self._debug['padding']['start'] = self._io.pos()
                self.padding = self._io.read_bytes(self.header.padding_length)
                self._debug['padding']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                self.header._fetch_instances()
                _on = self.header.type
                if _on == XenLibxcStream.RecordType.checkpoint:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.checkpoint_dirty_pfn_list:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.end:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.hvm_context:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.hvm_params:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.page_data:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.shared_info:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.static_data_end:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.toolstack:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.verify:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.x86_cpuid_policy:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.x86_msr_policy:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.x86_pv_info:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.x86_pv_p2m_frames:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_basic:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_extended:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_msrs:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.x86_pv_vcpu_xsave:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxcStream.RecordType.x86_tsc_info:
                    pass
                    self.body._fetch_instances()
                else:
                    pass


        class RecordHeader(KaitaiStruct):
            """The first 8 octets of a record.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-record-framing (spec/libxc.rst; libxc.html#libxc-record-framing)
            """
            SEQ_FIELDS = ["type", "body_length"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.RecordHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/record_header")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['type']['start'] = self._io.pos()
                self.type = KaitaiStream.resolve_enum(XenLibxcStream.RecordType, self._io.read_u4le())
                self._debug['type']['end'] = self._io.pos()
                self._debug['body_length']['start'] = self._io.pos()
                self.body_length = self._io.read_u4le()
                self._debug['body_length']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['type']['start'] = self._io.pos()
                self.type = KaitaiStream.resolve_enum(XenLibxcStream.RecordType, self._io.read_u4be())
                self._debug['type']['end'] = self._io.pos()
                self._debug['body_length']['start'] = self._io.pos()
                self.body_length = self._io.read_u4be()
                self._debug['body_length']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass

            @property
            def body_length_max(self):
                """REC_LENGTH_MAX (128 MiB) from Xen 4.10: the longest body a
                restorer reads (read_record in xg_sr_common.c); a writer
                sends no longer record.
                """
                if hasattr(self, '_m_body_length_max'):
                    return self._m_body_length_max

                self._m_body_length_max = 134217728
                return getattr(self, '_m_body_length_max', None)

            @property
            def body_length_max_before_4_10(self):
                """REC_LENGTH_MAX (8 MiB) in Xen 4.6 to 4.9."""
                if hasattr(self, '_m_body_length_max_before_4_10'):
                    return self._m_body_length_max_before_4_10

                self._m_body_length_max_before_4_10 = 8388608
                return getattr(self, '_m_body_length_max_before_4_10', None)

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


        class SharedInfoBody(KaitaiStruct):
            """The contents of an x86 PV guest's shared info page.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section SHARED_INFO - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-shared-info (spec/libxc.rst; libxc.html#libxc-shared-info)
            """
            SEQ_FIELDS = ["shared_info"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.SharedInfoBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/shared_info_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['shared_info']['start'] = self._io.pos()
                self.shared_info = self._io.read_bytes_full()
                self._debug['shared_info']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['shared_info']['start'] = self._io.pos()
                self.shared_info = self._io.read_bytes_full()
                self._debug['shared_info']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class StaticDataEndBody(KaitaiStruct):
            """STATIC_DATA_END (version 3): the end of the state that is sent once
            and does not change, before any memory or register state. Body empty.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section STATIC_DATA_END - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-static-data-end (spec/libxc.rst; libxc.html#libxc-static-data-end)
            """
            SEQ_FIELDS = []
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.StaticDataEndBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/static_data_end_body")
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


        class ToolstackBody(KaitaiStruct):
            """Deprecated: an opaque blob of the toolstack's own, used only while
            the stream was being developed. A writer does not send it.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section TOOLSTACK (deprecated) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-toolstack (spec/libxc.rst; libxc.html#libxc-toolstack)
            """
            SEQ_FIELDS = ["data"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.ToolstackBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/toolstack_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['data']['start'] = self._io.pos()
                self.data = self._io.read_bytes_full()
                self._debug['data']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['data']['start'] = self._io.pos()
                self.data = self._io.read_bytes_full()
                self._debug['data']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class VerifyBody(KaitaiStruct):
            """VERIFY: all memory has been sent and further PAGE_DATA records
            follow only so that the receiver can compare them; body empty.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section VERIFY - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-verify (spec/libxc.rst; libxc.html#libxc-verify)
            """
            SEQ_FIELDS = []
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.VerifyBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/verify_body")
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


        class X86CpuidPolicyBody(KaitaiStruct):
            """The CPUID policy of the domain (version 3), as an array of leaves.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_CPUID_POLICY - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-x86-cpuid-policy (spec/libxc.rst; libxc.html#libxc-x86-cpuid-policy)
            """
            SEQ_FIELDS = ["leaves"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.X86CpuidPolicyBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/x86_cpuid_policy_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['leaves']['start'] = self._io.pos()
                self._debug['leaves']['arr'] = []
                self.leaves = []
                i = 0
                while not self._io.is_eof():
                    self._debug['leaves']['arr'].append({'start': self._io.pos()})
                    _t_leaves = XenLibxcStream.StreamBody.CpuidLeaf(self._io, self, self._root, self._is_le)
                    try:
                        _t_leaves._read()
                    finally:
                        self.leaves.append(_t_leaves)
                    self._debug['leaves']['arr'][len(self.leaves) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['leaves']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['leaves']['start'] = self._io.pos()
                self._debug['leaves']['arr'] = []
                self.leaves = []
                i = 0
                while not self._io.is_eof():
                    self._debug['leaves']['arr'].append({'start': self._io.pos()})
                    _t_leaves = XenLibxcStream.StreamBody.CpuidLeaf(self._io, self, self._root, self._is_le)
                    try:
                        _t_leaves._read()
                    finally:
                        self.leaves.append(_t_leaves)
                    self._debug['leaves']['arr'][len(self.leaves) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['leaves']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                for i in range(len(self.leaves)):
                    pass
                    self.leaves[i]._fetch_instances()



        class X86MsrPolicyBody(KaitaiStruct):
            """The MSR policy of the domain (version 3), as an array of MSR entries.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_MSR_POLICY - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-x86-msr-policy (spec/libxc.rst; libxc.html#libxc-x86-msr-policy)
            """
            SEQ_FIELDS = ["msrs"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.X86MsrPolicyBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/x86_msr_policy_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['msrs']['start'] = self._io.pos()
                self._debug['msrs']['arr'] = []
                self.msrs = []
                i = 0
                while not self._io.is_eof():
                    self._debug['msrs']['arr'].append({'start': self._io.pos()})
                    _t_msrs = XenLibxcStream.StreamBody.MsrEntry(self._io, self, self._root, self._is_le)
                    try:
                        _t_msrs._read()
                    finally:
                        self.msrs.append(_t_msrs)
                    self._debug['msrs']['arr'][len(self.msrs) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['msrs']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['msrs']['start'] = self._io.pos()
                self._debug['msrs']['arr'] = []
                self.msrs = []
                i = 0
                while not self._io.is_eof():
                    self._debug['msrs']['arr'].append({'start': self._io.pos()})
                    _t_msrs = XenLibxcStream.StreamBody.MsrEntry(self._io, self, self._root, self._is_le)
                    try:
                        _t_msrs._read()
                    finally:
                        self.msrs.append(_t_msrs)
                    self._debug['msrs']['arr'][len(self.msrs) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['msrs']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                for i in range(len(self.msrs)):
                    pass
                    self.msrs[i]._fetch_instances()



        class X86PvInfoBody(KaitaiStruct):
            """Properties of an x86 PV guest that the other records depend on.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_INFO - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-x86-pv-info (spec/libxc.rst; libxc.html#libxc-x86-pv-info)
            """
            SEQ_FIELDS = ["guest_width", "pt_levels", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.X86PvInfoBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/x86_pv_info_body")
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


        class X86PvP2mFramesBody(KaitaiStruct):
            """The guest frames that hold an x86 PV guest's own physical-to-machine
            map, for the pfns p2m_start_pfn to p2m_end_pfn, inclusive.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-x86-pv-p2m-frames (spec/libxc.rst; libxc.html#libxc-x86-pv-p2m-frames)
            """
            SEQ_FIELDS = ["header", "frames"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.X86PvP2mFramesBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/x86_pv_p2m_frames_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxcStream.StreamBody.X86PvP2mFramesHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['frames']['start'] = self._io.pos()
                self._debug['frames']['arr'] = []
                self.frames = []
                i = 0
                while not self._io.is_eof():
                    self._debug['frames']['arr'].append({'start': self._io.pos()})
                    _t_frames = XenLibxcStream.StreamBody.P2mFrame(self._io, self, self._root, self._is_le)
                    try:
                        _t_frames._read()
                    finally:
                        self.frames.append(_t_frames)
                    self._debug['frames']['arr'][len(self.frames) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['frames']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxcStream.StreamBody.X86PvP2mFramesHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['frames']['start'] = self._io.pos()
                self._debug['frames']['arr'] = []
                self.frames = []
                i = 0
                while not self._io.is_eof():
                    self._debug['frames']['arr'].append({'start': self._io.pos()})
                    _t_frames = XenLibxcStream.StreamBody.P2mFrame(self._io, self, self._root, self._is_le)
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



        class X86PvP2mFramesHeader(KaitaiStruct):
            """The fixed start of an X86_PV_P2M_FRAMES body.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-x86-pv-p2m-frames (spec/libxc.rst; libxc.html#libxc-x86-pv-p2m-frames)
            """
            SEQ_FIELDS = ["p2m_start_pfn", "p2m_end_pfn"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.X86PvP2mFramesHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/x86_pv_p2m_frames_header")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['p2m_start_pfn']['start'] = self._io.pos()
                self.p2m_start_pfn = self._io.read_u4le()
                self._debug['p2m_start_pfn']['end'] = self._io.pos()
                self._debug['p2m_end_pfn']['start'] = self._io.pos()
                self.p2m_end_pfn = self._io.read_u4le()
                self._debug['p2m_end_pfn']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['p2m_start_pfn']['start'] = self._io.pos()
                self.p2m_start_pfn = self._io.read_u4be()
                self._debug['p2m_start_pfn']['end'] = self._io.pos()
                self._debug['p2m_end_pfn']['start'] = self._io.pos()
                self.p2m_end_pfn = self._io.read_u4be()
                self._debug['p2m_end_pfn']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class X86PvVcpuBody(KaitaiStruct):
            """One piece of the state of one vcpu of an x86 PV guest, as one pair of
            domctl hypercalls reads and writes it: the basic context, the
            extended context, the xsave state or the MSRs, by record type.
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_VCPU_BASIC, EXTENDED, XSAVE, MSRS - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxc-x86-pv-vcpu (spec/libxc.rst; libxc.html#libxc-x86-pv-vcpu)
            """
            SEQ_FIELDS = ["vcpu_id", "reserved", "context"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.X86PvVcpuBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/x86_pv_vcpu_body")
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

            @property
            def len_basic_context_x86_32(self):
                """sizeof(vcpu_guest_context_x86_32_t): the context of
                X86_PV_VCPU_BASIC for a 32-bit guest.
                """
                if hasattr(self, '_m_len_basic_context_x86_32'):
                    return self._m_len_basic_context_x86_32

                self._m_len_basic_context_x86_32 = 2800
                return getattr(self, '_m_len_basic_context_x86_32', None)

            @property
            def len_basic_context_x86_64(self):
                """sizeof(vcpu_guest_context_x86_64_t): the context of
                X86_PV_VCPU_BASIC for a 64-bit guest (public/arch-x86/xen.h).
                """
                if hasattr(self, '_m_len_basic_context_x86_64'):
                    return self._m_len_basic_context_x86_64

                self._m_len_basic_context_x86_64 = 5168
                return getattr(self, '_m_len_basic_context_x86_64', None)

            @property
            def len_extended_context_max(self):
                """The longest context of X86_PV_VCPU_EXTENDED a restorer takes."""
                if hasattr(self, '_m_len_extended_context_max'):
                    return self._m_len_extended_context_max

                self._m_len_extended_context_max = 128
                return getattr(self, '_m_len_extended_context_max', None)

            @property
            def len_msr_entry(self):
                """sizeof(xen_domctl_vcpu_msr_t): the context of X86_PV_VCPU_MSRS
                is a whole number of these.
                """
                if hasattr(self, '_m_len_msr_entry'):
                    return self._m_len_msr_entry

                self._m_len_msr_entry = 16
                return getattr(self, '_m_len_msr_entry', None)

            @property
            def len_xsave_context_min(self):
                """The shortest non-empty context of X86_PV_VCPU_XSAVE a restorer
                takes (Xen 4.14 and later).
                """
                if hasattr(self, '_m_len_xsave_context_min'):
                    return self._m_len_xsave_context_min

                self._m_len_xsave_context_min = 16
                return getattr(self, '_m_len_xsave_context_min', None)


        class X86TscInfoBody(KaitaiStruct):
            """The domain's time stamp counter settings (XEN_DOMCTL_{get,set}tscinfo).
            
            .. seealso::
               Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_TSC_INFO - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxc-x86-tsc-info (spec/libxc.rst; libxc.html#libxc-x86-tsc-info)
            """
            SEQ_FIELDS = ["mode", "khz", "nsec", "incarnation", "reserved"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxcStream.StreamBody.X86TscInfoBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/x86_tsc_info_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['mode']['start'] = self._io.pos()
                self.mode = KaitaiStream.resolve_enum(XenLibxcStream.TscMode, self._io.read_u4le())
                self._debug['mode']['end'] = self._io.pos()
                self._debug['khz']['start'] = self._io.pos()
                self.khz = self._io.read_u4le()
                self._debug['khz']['end'] = self._io.pos()
                self._debug['nsec']['start'] = self._io.pos()
                self.nsec = self._io.read_u8le()
                self._debug['nsec']['end'] = self._io.pos()
                self._debug['incarnation']['start'] = self._io.pos()
                self.incarnation = self._io.read_u4le()
                self._debug['incarnation']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4le()
                self._debug['reserved']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['mode']['start'] = self._io.pos()
                self.mode = KaitaiStream.resolve_enum(XenLibxcStream.TscMode, self._io.read_u4be())
                self._debug['mode']['end'] = self._io.pos()
                self._debug['khz']['start'] = self._io.pos()
                self.khz = self._io.read_u4be()
                self._debug['khz']['end'] = self._io.pos()
                self._debug['nsec']['start'] = self._io.pos()
                self.nsec = self._io.read_u8be()
                self._debug['nsec']['end'] = self._io.pos()
                self._debug['incarnation']['start'] = self._io.pos()
                self.incarnation = self._io.read_u4be()
                self._debug['incarnation']['end'] = self._io.pos()
                self._debug['reserved']['start'] = self._io.pos()
                self.reserved = self._io.read_u4be()
                self._debug['reserved']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass




