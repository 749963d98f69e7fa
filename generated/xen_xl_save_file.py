# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild
# type: ignore

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
import xen_libxl_stream
import collections


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 11):
    raise Exception("Incompatible Kaitai Struct Python API: 0.11 or later is required, but you have %s" % (kaitaistruct.__version__))

class XenXlSaveFile(KaitaiStruct):
    """What `xl save` writes: a fixed 32-octet magic string, a header of four
    32-bit words in the writer's byte order (found from the byte-order word),
    the optional data (the domain's configuration) and, for Xen 4.6 and later
    (mandatory flag bit 1), the libxl stream.
    
    .. seealso::
       Xen tools/xl/xl.h (RELEASE-4.22.0), struct save_file_header - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/xl/xl.h;hb=RELEASE-4.22.0
    
    
    .. seealso::
       xsif specification, xl-overview (spec/xl.rst; xl.html#xl-overview)
    """
    SEQ_FIELDS = ["magic", "byte_order_word", "body"]
    def __init__(self, _io, _parent=None, _root=None):
        super(XenXlSaveFile, self).__init__(_io)
        self._parent = _parent
        self._root = _root or self
        self._debug = collections.defaultdict(dict)

    def _read(self):
        self._debug['magic']['start'] = self._io.pos()
        self.magic = self._io.read_bytes(32)
        self._debug['magic']['end'] = self._io.pos()
        if not self.magic == b"\x58\x65\x6E\x20\x73\x61\x76\x65\x64\x20\x64\x6F\x6D\x61\x69\x6E\x2C\x20\x78\x6C\x20\x66\x6F\x72\x6D\x61\x74\x0A\x20\x00\x20\x0D":
            raise kaitaistruct.ValidationNotEqualError(b"\x58\x65\x6E\x20\x73\x61\x76\x65\x64\x20\x64\x6F\x6D\x61\x69\x6E\x2C\x20\x78\x6C\x20\x66\x6F\x72\x6D\x61\x74\x0A\x20\x00\x20\x0D", self.magic, self._io, u"/seq/0")
        self._debug['byte_order_word']['start'] = self._io.pos()
        self.byte_order_word = self._io.read_u4be()
        self._debug['byte_order_word']['end'] = self._io.pos()
        self._debug['body']['start'] = self._io.pos()
        self.body = XenXlSaveFile.FileBody(self._io, self, self._root)
        self.body._read()
        self._debug['body']['end'] = self._io.pos()


    def _fetch_instances(self):
        pass
        self.body._fetch_instances()

    class FileBody(KaitaiStruct):
        """The header words after the byte-order word, then what they announce.
        
        .. seealso::
           Xen tools/xl/xl.h (RELEASE-4.22.0), struct save_file_header - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/xl/xl.h;hb=RELEASE-4.22.0
        
        
        
        .. seealso::
           xsif specification, xl-header (spec/xl.rst; xl.html#xl-header)
        """
        SEQ_FIELDS = ["header", "optional_data", "libxl_stream"]
        def __init__(self, _io, _parent=None, _root=None):
            super(XenXlSaveFile.FileBody, self).__init__(_io)
            self._parent = _parent
            self._root = _root
            self._debug = collections.defaultdict(dict)

        def _read(self):
            _on = self._root.is_big_endian
            if _on == True:
                pass
                self._is_le = False
            elif _on == False:
                pass
                self._is_le = True
            if not hasattr(self, '_is_le'):
                raise kaitaistruct.UndecidedEndiannessError("/types/file_body")
            elif self._is_le == True:
                self._read_le()
            elif self._is_le == False:
                self._read_be()

        def _read_le(self):
            self._debug['header']['start'] = self._io.pos()
            self.header = XenXlSaveFile.FileBody.Header(self._io, self, self._root, self._is_le)
            self.header._read()
            self._debug['header']['end'] = self._io.pos()
            self._debug['optional_data']['start'] = self._io.pos()
            self._raw_optional_data = self._io.read_bytes(self.header.optional_data_len)
            _io__raw_optional_data = KaitaiStream(BytesIO(self._raw_optional_data))
            self.optional_data = XenXlSaveFile.FileBody.OptionalData(_io__raw_optional_data, self, self._root, self._is_le)
            self.optional_data._read()
            self._debug['optional_data']['end'] = self._io.pos()
            if self.header.is_stream_v2:
                pass
                self._debug['libxl_stream']['start'] = self._io.pos()
                self.libxl_stream = xen_libxl_stream.XenLibxlStream(self._io)
                self.libxl_stream._read()
                self._debug['libxl_stream']['end'] = self._io.pos()


        def _read_be(self):
            self._debug['header']['start'] = self._io.pos()
            self.header = XenXlSaveFile.FileBody.Header(self._io, self, self._root, self._is_le)
            self.header._read()
            self._debug['header']['end'] = self._io.pos()
            self._debug['optional_data']['start'] = self._io.pos()
            self._raw_optional_data = self._io.read_bytes(self.header.optional_data_len)
            _io__raw_optional_data = KaitaiStream(BytesIO(self._raw_optional_data))
            self.optional_data = XenXlSaveFile.FileBody.OptionalData(_io__raw_optional_data, self, self._root, self._is_le)
            self.optional_data._read()
            self._debug['optional_data']['end'] = self._io.pos()
            if self.header.is_stream_v2:
                pass
                self._debug['libxl_stream']['start'] = self._io.pos()
                self.libxl_stream = xen_libxl_stream.XenLibxlStream(self._io)
                self.libxl_stream._read()
                self._debug['libxl_stream']['end'] = self._io.pos()



        def _fetch_instances(self):
            pass
            self.header._fetch_instances()
            self.optional_data._fetch_instances()
            if self.header.is_stream_v2:
                pass
                self.libxl_stream._fetch_instances()


        class Header(KaitaiStruct):
            """The three header words after the byte-order word.
            
            .. seealso::
               Xen tools/xl/xl.h (RELEASE-4.22.0), struct save_file_header - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/xl/xl.h;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, xl-header (spec/xl.rst; xl.html#xl-header)
            """
            SEQ_FIELDS = ["mandatory_flags", "optional_flags", "optional_data_len"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenXlSaveFile.FileBody.Header, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/file_body/types/header")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['mandatory_flags']['start'] = self._io.pos()
                self.mandatory_flags = self._io.read_u4le()
                self._debug['mandatory_flags']['end'] = self._io.pos()
                self._debug['optional_flags']['start'] = self._io.pos()
                self.optional_flags = self._io.read_u4le()
                self._debug['optional_flags']['end'] = self._io.pos()
                self._debug['optional_data_len']['start'] = self._io.pos()
                self.optional_data_len = self._io.read_u4le()
                self._debug['optional_data_len']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['mandatory_flags']['start'] = self._io.pos()
                self.mandatory_flags = self._io.read_u4be()
                self._debug['mandatory_flags']['end'] = self._io.pos()
                self._debug['optional_flags']['start'] = self._io.pos()
                self.optional_flags = self._io.read_u4be()
                self._debug['optional_flags']['end'] = self._io.pos()
                self._debug['optional_data_len']['start'] = self._io.pos()
                self.optional_data_len = self._io.read_u4be()
                self._debug['optional_data_len']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass

            @property
            def is_config_json(self):
                """True when the configuration is libxl's JSON form."""
                if hasattr(self, '_m_is_config_json'):
                    return self._m_is_config_json

                self._m_is_config_json = self.mandatory_flags & 1 != 0
                return getattr(self, '_m_is_config_json', None)

            @property
            def is_stream_v2(self):
                """True when a libxl stream follows (Xen 4.6 and later)."""
                if hasattr(self, '_m_is_stream_v2'):
                    return self._m_is_stream_v2

                self._m_is_stream_v2 = self.mandatory_flags & 2 != 0
                return getattr(self, '_m_is_stream_v2', None)

            @property
            def unknown_mandatory_flags(self):
                """Mandatory flag bits 2 to 31, unknown."""
                if hasattr(self, '_m_unknown_mandatory_flags'):
                    return self._m_unknown_mandatory_flags

                self._m_unknown_mandatory_flags = self.mandatory_flags >> 2
                return getattr(self, '_m_unknown_mandatory_flags', None)


        class OptionalData(KaitaiStruct):
            """The domain's configuration as xl saved it.
            
            .. seealso::
               Xen tools/xl/xl.h (RELEASE-4.22.0), struct save_file_header - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/xl/xl.h;hb=RELEASE-4.22.0
            
            
            
            .. seealso::
               xsif specification, xl-config (spec/xl.rst; xl.html#xl-config)
            """
            SEQ_FIELDS = ["config_length", "config", "rest"]
            def __init__(self, _io, _parent=None, _root=None, _is_le=None):
                super(XenXlSaveFile.FileBody.OptionalData, self).__init__(_io)
                self._parent = _parent
                self._root = _root
                self._is_le = _is_le
                self._debug = collections.defaultdict(dict)

            def _read(self):
                if not hasattr(self, '_is_le'):
                    raise kaitaistruct.UndecidedEndiannessError("/types/file_body/types/optional_data")
                elif self._is_le == True:
                    self._read_le()
                elif self._is_le == False:
                    self._read_be()

            def _read_le(self):
                self._debug['config_length']['start'] = self._io.pos()
                self.config_length = self._io.read_u4le()
                self._debug['config_length']['end'] = self._io.pos()
                self._debug['config']['start'] = self._io.pos()
                self.config = self._io.read_bytes(self.config_length)
                self._debug['config']['end'] = self._io.pos()
                self._debug['rest']['start'] = self._io.pos()
                self.rest = self._io.read_bytes_full()
                self._debug['rest']['end'] = self._io.pos()

            def _read_be(self):
                self._debug['config_length']['start'] = self._io.pos()
                self.config_length = self._io.read_u4be()
                self._debug['config_length']['end'] = self._io.pos()
                self._debug['config']['start'] = self._io.pos()
                self.config = self._io.read_bytes(self.config_length)
                self._debug['config']['end'] = self._io.pos()
                self._debug['rest']['start'] = self._io.pos()
                self.rest = self._io.read_bytes_full()
                self._debug['rest']['end'] = self._io.pos()


            def _fetch_instances(self):
                pass



    @property
    def byte_order_known(self):
        """True when the byte-order word is 0x01020304 in one of the two byte orders."""
        if hasattr(self, '_m_byte_order_known'):
            return self._m_byte_order_known

        self._m_byte_order_known =  ((self.byte_order_word == 16909060) or (self.byte_order_word == 67305985)) 
        return getattr(self, '_m_byte_order_known', None)

    @property
    def is_big_endian(self):
        """True when the header words are big-endian."""
        if hasattr(self, '_m_is_big_endian'):
            return self._m_is_big_endian

        self._m_is_big_endian = self.byte_order_word == 16909060
        return getattr(self, '_m_is_big_endian', None)


