# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild
# type: ignore

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
import xen_libxc_stream
from enum import IntEnum
import collections


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 11):
    raise Exception("Incompatible Kaitai Struct Python API: 0.11 or later is required, but you have %s" % (kaitaistruct.__version__))

class XenLibxlStream(KaitaiStruct):
    """The stream libxl writes around libxc's (Xen 4.6 and later): a 16-octet
    header, then records framed as in the libxc stream (type, length, body,
    zero padding to 8 octets). The LIBXC_CONTEXT record is empty and is
    followed inline by a complete libxc stream (its length cannot be known in
    advance); after that stream's END the libxl records go on with the
    emulators' state and end with libxl's own END.
    
    A checkpointed stream (Remus, COLO) interleaves the two: a libxc
    CHECKPOINT hands the stream to libxl, whose records up to CHECKPOINT_END
    follow, and then libxc records again (no new libxc header), up to the
    next CHECKPOINT or the libxc END. A COLO primary sends a CHECKPOINT_STATE
    right after each CHECKPOINT_END, and the libxc records follow that
    instead. Each libxl record is told by the one before it whether a libxc
    stream is waiting to resume, and the record after which it resumes holds
    those libxc records (`libxc_records`).
    
    .. seealso::
       Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Overview - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
    
    
    .. seealso::
       xsif specification, libxl-overview (spec/libxl.rst; libxl.html#libxl-overview)
    """

    class CheckpointState(IntEnum):
        new_checkpoint = 0
        svm_suspended = 1
        svm_ready = 2
        svm_resumed = 3

    class EmulatorId(IntEnum):
        unknown = 0
        qemu_traditional = 1
        qemu_upstream = 2

    class RecordType(IntEnum):
        end = 0
        libxc_context = 1
        emulator_xenstore_data = 2
        emulator_context = 3
        checkpoint_end = 4
        checkpoint_state = 5
    SEQ_FIELDS = ["header", "body"]
    def __init__(self, _io, _parent=None, _root=None):
        super(XenLibxlStream, self).__init__(_io)
        self._parent = _parent
        self._root = _root or self
        self._debug = collections.defaultdict(dict)

    def _read(self):
        self._debug['header']['start'] = self._io.pos()
        self.header = XenLibxlStream.Header(self._io, self, self._root)
        self.header._read()
        self._debug['header']['end'] = self._io.pos()
        self._debug['body']['start'] = self._io.pos()
        self.body = XenLibxlStream.StreamBody(self._io, self, self._root)
        self.body._read()
        self._debug['body']['end'] = self._io.pos()


    def _fetch_instances(self):
        pass
        self.header._fetch_instances()
        self.body._fetch_instances()

    class Header(KaitaiStruct):
        """The first 16 octets, always big-endian whatever the endianness bit says.
        
        .. seealso::
           Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Header - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
        
        
        
        .. seealso::
           xsif specification, libxl-header (spec/libxl.rst; libxl.html#libxl-header)
        """
        SEQ_FIELDS = ["ident_high", "ident_low", "version", "options"]
        def __init__(self, _io, _parent=None, _root=None):
            super(XenLibxlStream.Header, self).__init__(_io)
            self._parent = _parent
            self._root = _root
            self._debug = collections.defaultdict(dict)

        def _read(self):
            self._debug['ident_high']['start'] = self._io.pos()
            self.ident_high = self._io.read_u4be()
            self._debug['ident_high']['end'] = self._io.pos()
            if not self.ident_high == 1281974904:
                raise kaitaistruct.ValidationNotEqualError(1281974904, self.ident_high, self._io, u"/types/header/seq/0")
            self._debug['ident_low']['start'] = self._io.pos()
            self.ident_low = self._io.read_u4be()
            self._debug['ident_low']['end'] = self._io.pos()
            if not self.ident_low == 1816554868:
                raise kaitaistruct.ValidationNotEqualError(1816554868, self.ident_low, self._io, u"/types/header/seq/1")
            self._debug['version']['start'] = self._io.pos()
            self.version = self._io.read_u4be()
            self._debug['version']['end'] = self._io.pos()
            self._debug['options']['start'] = self._io.pos()
            self.options = self._io.read_u4be()
            self._debug['options']['end'] = self._io.pos()


        def _fetch_instances(self):
            pass

        @property
        def ident(self):
            """The 64-bit ident, the ASCII characters "LibxlFmt" (in JavaScript exact below 2^53 only; its halves are exact)."""
            if hasattr(self, '_m_ident'):
                return self._m_ident

            self._m_ident = ((self.ident_high * 4294967296) + self.ident_low)
            return getattr(self, '_m_ident', None)

        @property
        def is_big_endian(self):
            """True when the records are big-endian."""
            if hasattr(self, '_m_is_big_endian'):
                return self._m_is_big_endian

            self._m_is_big_endian = self.options & 1 != 0
            return getattr(self, '_m_is_big_endian', None)

        @property
        def is_legacy_converted(self):
            """True when the legacy conversion tool wrote the stream."""
            if hasattr(self, '_m_is_legacy_converted'):
                return self._m_is_legacy_converted

            self._m_is_legacy_converted = self.options & 2 != 0
            return getattr(self, '_m_is_legacy_converted', None)

        @property
        def reserved_options(self):
            """Option bits 2 to 31, reserved, zero."""
            if hasattr(self, '_m_reserved_options'):
                return self._m_reserved_options

            self._m_reserved_options = self.options >> 2
            return getattr(self, '_m_reserved_options', None)


    class StreamBody(KaitaiStruct):
        """The records up to and including END. Every type of the stream is
        nested here so that it takes on the byte order of the header.
        
        .. seealso::
           Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Records - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
        
        
        .. seealso::
           xsif specification, libxl-records (spec/libxl.rst; libxl.html#libxl-records)
        """
        SEQ_FIELDS = ["records"]
        def __init__(self, _io, _parent=None, _root=None):
            super(XenLibxlStream.StreamBody, self).__init__(_io)
            self._parent = _parent
            self._root = _root
            self._debug = collections.defaultdict(dict)

        def _read(self):
            _on = self._parent.header.is_big_endian
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
            self._debug['records']['start'] = self._io.pos()
            self._debug['records']['arr'] = []
            self.records = []
            i = 0
            while True:
                self._debug['records']['arr'].append({'start': self._io.pos()})
                _t_records = XenLibxlStream.StreamBody.Record((False if i == 0 else self.records[i - 1].libxc_paused_after), (True if i == 0 else self.records[i - 1].libxc_little_endian_after), (False if i == 0 else self.records[i - 1].colo_state_follows), self._io, self, self._root, self._is_le)
                try:
                    _t_records._read()
                finally:
                    _ = _t_records
                    self.records.append(_)
                self._debug['records']['arr'][len(self.records) - 1]['end'] = self._io.pos()
                if _.header.type == XenLibxlStream.RecordType.end:
                    break
                i += 1
            self._debug['records']['end'] = self._io.pos()

        def _read_be(self):
            self._debug['records']['start'] = self._io.pos()
            self._debug['records']['arr'] = []
            self.records = []
            i = 0
            while True:
                self._debug['records']['arr'].append({'start': self._io.pos()})
                _t_records = XenLibxlStream.StreamBody.Record((False if i == 0 else self.records[i - 1].libxc_paused_after), (True if i == 0 else self.records[i - 1].libxc_little_endian_after), (False if i == 0 else self.records[i - 1].colo_state_follows), self._io, self, self._root, self._is_le)
                try:
                    _t_records._read()
                finally:
                    _ = _t_records
                    self.records.append(_)
                self._debug['records']['arr'][len(self.records) - 1]['end'] = self._io.pos()
                if _.header.type == XenLibxlStream.RecordType.end:
                    break
                i += 1
            self._debug['records']['end'] = self._io.pos()


        def _fetch_instances(self):
            pass
            for i in range(len(self.records)):
                pass
                self.records[i]._fetch_instances()


        class CheckpointEndBody(KaitaiStruct):
            """CHECKPOINT_END ends the libxl part of a checkpoint; its body is empty.
            
            .. seealso::
               Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section CHECKPOINT_END - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxl-checkpoint-end (spec/libxl.rst; libxl.html#libxl-checkpoint-end)
            """
            SEQ_FIELDS = []
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxlStream.StreamBody.CheckpointEndBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/checkpoint_end_body")
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


        class CheckpointStateBody(KaitaiStruct):
            """COLO control information for a checkpoint.
            
            .. seealso::
               Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section CHECKPOINT_STATE - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxl-checkpoint-state (spec/libxl.rst; libxl.html#libxl-checkpoint-state)
            """
            SEQ_FIELDS = ["control_id"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxlStream.StreamBody.CheckpointStateBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/checkpoint_state_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['control_id']['start'] = self._io.pos()
                self.control_id = KaitaiStream.resolve_enum(XenLibxlStream.CheckpointState, self._io.read_u4le())
                self._debug['control_id']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['control_id']['start'] = self._io.pos()
                self.control_id = KaitaiStream.resolve_enum(XenLibxlStream.CheckpointState, self._io.read_u4be())
                self._debug['control_id']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class EmulatorContextBody(KaitaiStruct):
            """The saved state of one emulator, opaque to libxl.
            
            .. seealso::
               Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section EMULATOR_CONTEXT - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxl-emulator-context (spec/libxl.rst; libxl.html#libxl-emulator-context)
            """
            SEQ_FIELDS = ["header", "context"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxlStream.StreamBody.EmulatorContextBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/emulator_context_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxlStream.StreamBody.EmulatorHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['context']['start'] = self._io.pos()
                self.context = self._io.read_bytes_full()
                self._debug['context']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxlStream.StreamBody.EmulatorHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['context']['start'] = self._io.pos()
                self.context = self._io.read_bytes_full()
                self._debug['context']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                self.header._fetch_instances()


        class EmulatorHeader(KaitaiStruct):
            """The start of every emulator record.
            
            .. seealso::
               Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Emulator Records - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxl-emulator (spec/libxl.rst; libxl.html#libxl-emulator)
            """
            SEQ_FIELDS = ["emulator_id", "index"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxlStream.StreamBody.EmulatorHeader, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/emulator_header")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['emulator_id']['start'] = self._io.pos()
                self.emulator_id = KaitaiStream.resolve_enum(XenLibxlStream.EmulatorId, self._io.read_u4le())
                self._debug['emulator_id']['end'] = self._io.pos()
                self._debug['index']['start'] = self._io.pos()
                self.index = self._io.read_u4le()
                self._debug['index']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['emulator_id']['start'] = self._io.pos()
                self.emulator_id = KaitaiStream.resolve_enum(XenLibxlStream.EmulatorId, self._io.read_u4be())
                self._debug['emulator_id']['end'] = self._io.pos()
                self._debug['index']['start'] = self._io.pos()
                self.index = self._io.read_u4be()
                self._debug['index']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass


        class EmulatorXenstoreDataBody(KaitaiStruct):
            """Xenstore keys and values of one emulator: a packed sequence of
            NUL-terminated strings, key then value, relative to the device
            model's xenstore directory.
            
            .. seealso::
               Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section EMULATOR_XENSTORE_DATA - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxl-emulator-xenstore-data (spec/libxl.rst; libxl.html#libxl-emulator-xenstore-data)
            """
            SEQ_FIELDS = ["header", "strings"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxlStream.StreamBody.EmulatorXenstoreDataBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/emulator_xenstore_data_body")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxlStream.StreamBody.EmulatorHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['strings']['start'] = self._io.pos()
                self._debug['strings']['arr'] = []
                self.strings = []
                i = 0
                while not self._io.is_eof():
                    self._debug['strings']['arr'].append({'start': self._io.pos()})
                    self.strings.append((self._io.read_bytes_term(0, False, True, True)).decode(u"ASCII"))
                    self._debug['strings']['arr'][len(self.strings) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['strings']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxlStream.StreamBody.EmulatorHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['strings']['start'] = self._io.pos()
                self._debug['strings']['arr'] = []
                self.strings = []
                i = 0
                while not self._io.is_eof():
                    self._debug['strings']['arr'].append({'start': self._io.pos()})
                    self.strings.append((self._io.read_bytes_term(0, False, True, True)).decode(u"ASCII"))
                    self._debug['strings']['arr'][len(self.strings) - 1]['end'] = self._io.pos()
                    i += 1

                self._debug['strings']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass
                self.header._fetch_instances()
                for i in range(len(self.strings)):
                    pass



        class EndBody(KaitaiStruct):
            """END marks the end of the libxl stream; its body is empty.
            
            .. seealso::
               Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section END - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxl-end (spec/libxl.rst; libxl.html#libxl-end)
            """
            SEQ_FIELDS = []
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxlStream.StreamBody.EndBody, self).__init__(_io)
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


        class LibxcContextBody(KaitaiStruct):
            """LIBXC_CONTEXT is empty; the libxc stream follows it.
            
            .. seealso::
               Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section LIBXC_CONTEXT - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxl-libxc-context (spec/libxl.rst; libxl.html#libxl-libxc-context)
            """
            SEQ_FIELDS = []
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxlStream.StreamBody.LibxcContextBody, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/libxc_context_body")
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


        class Record(KaitaiStruct):
            """One record: an 8-octet header, the body and zero padding to the next
            multiple of 8 octets; after LIBXC_CONTEXT, the libxc stream; after
            the record that ends a checkpoint, the libxc records that resume it.
            
            .. seealso::
               Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Record Overview - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            .. seealso::
               xsif specification, libxl-record-framing (spec/libxl.rst; libxl.html#libxl-record-framing)
            """
            SEQ_FIELDS = ["header", "body", "padding", "libxc_stream", "libxc_records"]
            def __init__(self, libxc_paused, libxc_little_endian, colo_state_next, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxlStream.StreamBody.Record, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self.libxc_paused = libxc_paused
                self.libxc_little_endian = libxc_little_endian
                self.colo_state_next = colo_state_next
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/stream_body/types/record")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxlStream.StreamBody.RecordHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['body']['start'] = self._io.pos()
                _on = self.header.type
                if _on == XenLibxlStream.RecordType.checkpoint_end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.CheckpointEndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.checkpoint_state:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.CheckpointStateBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.emulator_context:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.EmulatorContextBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.emulator_xenstore_data:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.EmulatorXenstoreDataBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.EndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.libxc_context:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.LibxcContextBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                else:
                    pass
                    self.body = self._io.read_bytes(self.header.body_length)
                self._debug['body']['end'] = self._io.pos()
                self._debug['padding']['start'] = self._io.pos()
                self.padding = self._io.read_bytes(self.header.padding_length)
                self._debug['padding']['end'] = self._io.pos()
                if self.header.type == XenLibxlStream.RecordType.libxc_context:
                    pass
                    self._debug['libxc_stream']['start'] = self._io.pos()
                    self.libxc_stream = xen_libxc_stream.XenLibxcStream(True, self._io)
                    self.libxc_stream._read()
                    self._debug['libxc_stream']['end'] = self._io.pos()

                if self.resumes_libxc:
                    pass
                    self._debug['libxc_records']['start'] = self._io.pos()
                    self._debug['libxc_records']['arr'] = []
                    self.libxc_records = []
                    i = 0
                    while True:
                        self._debug['libxc_records']['arr'].append({'start': self._io.pos()})
                        _t_libxc_records = xen_libxc_stream.XenLibxcStream.StreamBody.Record(self.libxc_little_endian, self._io)
                        try:
                            _t_libxc_records._read()
                        finally:
                            _ = _t_libxc_records
                            self.libxc_records.append(_)
                        self._debug['libxc_records']['arr'][len(self.libxc_records) - 1]['end'] = self._io.pos()
                        if  ((_.header.type == xen_libxc_stream.XenLibxcStream.RecordType.end) or (_.header.type == xen_libxc_stream.XenLibxcStream.RecordType.checkpoint)) :
                            break
                        i += 1
                    self._debug['libxc_records']['end'] = self._io.pos()


            def _read_be(self):
                self._debug['header']['start'] = self._io.pos()
                self.header = XenLibxlStream.StreamBody.RecordHeader(self._io, self, self._root, self._is_le)
                self.header._read()
                self._debug['header']['end'] = self._io.pos()
                self._debug['body']['start'] = self._io.pos()
                _on = self.header.type
                if _on == XenLibxlStream.RecordType.checkpoint_end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.CheckpointEndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.checkpoint_state:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.CheckpointStateBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.emulator_context:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.EmulatorContextBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.emulator_xenstore_data:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.EmulatorXenstoreDataBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.end:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.EndBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                elif _on == XenLibxlStream.RecordType.libxc_context:
                    pass
                    self._raw_body = self._io.read_bytes(self.header.body_length)
                    _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                    self.body = XenLibxlStream.StreamBody.LibxcContextBody(_io__raw_body, self, self._root, self._is_le)
                    self.body._read()
                else:
                    pass
                    self.body = self._io.read_bytes(self.header.body_length)
                self._debug['body']['end'] = self._io.pos()
                self._debug['padding']['start'] = self._io.pos()
                self.padding = self._io.read_bytes(self.header.padding_length)
                self._debug['padding']['end'] = self._io.pos()
                if self.header.type == XenLibxlStream.RecordType.libxc_context:
                    pass
                    self._debug['libxc_stream']['start'] = self._io.pos()
                    self.libxc_stream = xen_libxc_stream.XenLibxcStream(True, self._io)
                    self.libxc_stream._read()
                    self._debug['libxc_stream']['end'] = self._io.pos()

                if self.resumes_libxc:
                    pass
                    self._debug['libxc_records']['start'] = self._io.pos()
                    self._debug['libxc_records']['arr'] = []
                    self.libxc_records = []
                    i = 0
                    while True:
                        self._debug['libxc_records']['arr'].append({'start': self._io.pos()})
                        _t_libxc_records = xen_libxc_stream.XenLibxcStream.StreamBody.Record(self.libxc_little_endian, self._io)
                        try:
                            _t_libxc_records._read()
                        finally:
                            _ = _t_libxc_records
                            self.libxc_records.append(_)
                        self._debug['libxc_records']['arr'][len(self.libxc_records) - 1]['end'] = self._io.pos()
                        if  ((_.header.type == xen_libxc_stream.XenLibxcStream.RecordType.end) or (_.header.type == xen_libxc_stream.XenLibxcStream.RecordType.checkpoint)) :
                            break
                        i += 1
                    self._debug['libxc_records']['end'] = self._io.pos()



            def _fetch_instances(self):
                pass
                self.header._fetch_instances()
                _on = self.header.type
                if _on == XenLibxlStream.RecordType.checkpoint_end:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxlStream.RecordType.checkpoint_state:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxlStream.RecordType.emulator_context:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxlStream.RecordType.emulator_xenstore_data:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxlStream.RecordType.end:
                    pass
                    self.body._fetch_instances()
                elif _on == XenLibxlStream.RecordType.libxc_context:
                    pass
                    self.body._fetch_instances()
                else:
                    pass
                if self.header.type == XenLibxlStream.RecordType.libxc_context:
                    pass
                    self.libxc_stream._fetch_instances()

                if self.resumes_libxc:
                    pass
                    for i in range(len(self.libxc_records)):
                        pass
                        self.libxc_records[i]._fetch_instances()


                _ = self.next_header
                if hasattr(self, '_m_next_header'):
                    pass
                    self._m_next_header._fetch_instances()


            @property
            def colo_state_follows(self):
                """True for a CHECKPOINT_END that a COLO CHECKPOINT_STATE follows
                (its header is type 5 with a body of 4 octets, which no libxc
                record's header can be: type 5 is X86_PV_VCPU_EXTENDED, whose
                body is at least 8 octets). Read when the record has been read,
                from the octets after it.
                """
                if hasattr(self, '_m_colo_state_follows'):
                    return self._m_colo_state_follows

                self._m_colo_state_follows =  ((self.header.type == XenLibxlStream.RecordType.checkpoint_end) and (self.libxc_paused) and (self._io.size() - self._io.pos() >= 8) and (self.next_header.type == XenLibxlStream.RecordType.checkpoint_state) and (self.next_header.body_length == 4)) 
                return getattr(self, '_m_colo_state_follows', None)

            @property
            def libxc_little_endian_after(self):
                """The byte order of the libxc stream after this record."""
                if hasattr(self, '_m_libxc_little_endian_after'):
                    return self._m_libxc_little_endian_after

                self._m_libxc_little_endian_after = ((not (self.libxc_stream.image_header.is_big_endian)) if self.header.type == XenLibxlStream.RecordType.libxc_context else self.libxc_little_endian)
                return getattr(self, '_m_libxc_little_endian_after', None)

            @property
            def libxc_paused_after(self):
                """True when a libxc stream waits to resume after this record."""
                if hasattr(self, '_m_libxc_paused_after'):
                    return self._m_libxc_paused_after

                self._m_libxc_paused_after = (self.libxc_stream.body.records[-1].header.type == xen_libxc_stream.XenLibxcStream.RecordType.checkpoint if self.header.type == XenLibxlStream.RecordType.libxc_context else (self.libxc_records[-1].header.type == xen_libxc_stream.XenLibxcStream.RecordType.checkpoint if self.resumes_libxc else self.libxc_paused))
                return getattr(self, '_m_libxc_paused_after', None)

            @property
            def next_header(self):
                """The header of what follows this record, read when colo_state_follows asks."""
                if hasattr(self, '_m_next_header'):
                    return self._m_next_header

                _pos = self._io.pos()
                self._io.seek(self._io.pos())
                if self._is_le:
                    self._debug['_m_next_header']['start'] = self._io.pos()
                    self._m_next_header = XenLibxlStream.StreamBody.RecordHeader(self._io, self, self._root, self._is_le)
                    self._m_next_header._read()
                    self._debug['_m_next_header']['end'] = self._io.pos()
                else:
                    self._debug['_m_next_header']['start'] = self._io.pos()
                    self._m_next_header = XenLibxlStream.StreamBody.RecordHeader(self._io, self, self._root, self._is_le)
                    self._m_next_header._read()
                    self._debug['_m_next_header']['end'] = self._io.pos()
                self._io.seek(_pos)
                return getattr(self, '_m_next_header', None)

            @property
            def resumes_libxc(self):
                """True when the libxc records of a checkpoint follow this record."""
                if hasattr(self, '_m_resumes_libxc'):
                    return self._m_resumes_libxc

                self._m_resumes_libxc =  ((self.libxc_paused) and ( (( ((self.header.type == XenLibxlStream.RecordType.checkpoint_end) and ((not (self.colo_state_follows)))) ) or ( ((self.header.type == XenLibxlStream.RecordType.checkpoint_state) and (self.colo_state_next)) )) )) 
                return getattr(self, '_m_resumes_libxc', None)


        class RecordHeader(KaitaiStruct):
            """The first 8 octets of a record.
            
            .. seealso::
               Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Record Overview - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, libxl-record-framing (spec/libxl.rst; libxl.html#libxl-record-framing)
            """
            SEQ_FIELDS = ["type", "body_length"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenLibxlStream.StreamBody.RecordHeader, self).__init__(_io)
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
                self.type = KaitaiStream.resolve_enum(XenLibxlStream.RecordType, self._io.read_u4le())
                self._debug['type']['end'] = self._io.pos()
                self._debug['body_length']['start'] = self._io.pos()
                self.body_length = self._io.read_u4le()
                self._debug['body_length']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['type']['start'] = self._io.pos()
                self.type = KaitaiStream.resolve_enum(XenLibxlStream.RecordType, self._io.read_u4be())
                self._debug['type']['end'] = self._io.pos()
                self._debug['body_length']['start'] = self._io.pos()
                self.body_length = self._io.read_u4be()
                self._debug['body_length']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass

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




