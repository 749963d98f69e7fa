# This is a generated file! Please edit source .ksy file and use kaitai-struct-compiler to rebuild
# type: ignore

import kaitaistruct
from kaitaistruct import KaitaiStruct, KaitaiStream, BytesIO
from enum import IntEnum
import collections


if getattr(kaitaistruct, 'API_VERSION', (0, 9)) < (0, 11):
    raise Exception("Incompatible Kaitai Struct Python API: 0.11 or later is required, but you have %s" % (kaitaistruct.__version__))

class XenHvmContext(KaitaiStruct):
    """The state Xen itself keeps for an x86 HVM or PVH guest, as the hypervisor
    hands it to the toolstack when the domain is saved and takes it back on
    restore (xc_domain_hvm_getcontext, xc_domain_hvm_setcontext): the body of
    the libxc record HVM_CONTEXT. Its layout is the hypervisor's, declared in
    Xen's public header public/hvm/save.h and public/arch-x86/hvm/save.h.
    
    The blob is a sequence of save records. Each starts with an 8-octet
    descriptor (typecode, instance, length) followed by `length` octets of
    state. The first record is HEADER, which carries a magic number and a
    format version; the last is END, whose length is 0. Between them come the
    records of the vcpus and of the devices Xen emulates (interrupt
    controllers, timers, MTRRs, ...), one per vcpu (instance = vcpu id) or one
    per domain (instance 0). Their bodies are parsed here as opaque octets:
    each structure has grown over Xen's releases, and the hypervisor accepts
    several sizes of some of them.
    
    The blob is in the byte order of the x86 hypervisor that wrote it, little
    endian, whatever the byte order of the stream that carries it. The
    hypervisor returns exactly the octets it used, so a blob Xen writes ends
    with END's descriptor; Xen's loader stops reading at END and ignores
    anything after it (`trailing`).
    
    .. seealso::
       Xen xen/include/public/hvm/save.h (RELEASE-4.22.0) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/hvm/save.h;hb=RELEASE-4.22.0
    
    
    .. seealso::
       xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)
    """

    class Typecode(IntEnum):
        end = 0
        header = 1
        cpu = 2
        pic = 3
        ioapic = 4
        lapic = 5
        lapic_regs = 6
        pci_irq = 7
        isa_irq = 8
        pci_link = 9
        pit = 10
        rtc = 11
        hpet = 12
        pmtimer = 13
        mtrr = 14
        viridian_domain = 15
        cpu_xsave = 16
        viridian_vcpu = 17
        vmce_vcpu = 18
        tsc_adjust = 19
        cpu_msr = 20
    SEQ_FIELDS = ["header", "records", "trailing"]
    def __init__(self, _io, _parent=None, _root=None):
        super(XenHvmContext, self).__init__(_io)
        self._parent = _parent
        self._root = _root or self
        self._debug = collections.defaultdict(dict)

    def _read(self):
        self._debug['header']['start'] = self._io.pos()
        self.header = XenHvmContext.SaveRecord(self._io, self, self._root)
        self.header._read()
        self._debug['header']['end'] = self._io.pos()
        _ = self.header
        if not _.descriptor.typecode == XenHvmContext.Typecode.header:
            raise kaitaistruct.ValidationExprError(self.header, self._io, u"/seq/0")
        self._debug['records']['start'] = self._io.pos()
        self._debug['records']['arr'] = []
        self.records = []
        i = 0
        while True:
            self._debug['records']['arr'].append({'start': self._io.pos()})
            _t_records = XenHvmContext.SaveRecord(self._io, self, self._root)
            try:
                _t_records._read()
            finally:
                _ = _t_records
                self.records.append(_)
            self._debug['records']['arr'][len(self.records) - 1]['end'] = self._io.pos()
            if _.descriptor.typecode == XenHvmContext.Typecode.end:
                break
            i += 1
        self._debug['records']['end'] = self._io.pos()
        self._debug['trailing']['start'] = self._io.pos()
        self.trailing = self._io.read_bytes_full()
        self._debug['trailing']['end'] = self._io.pos()


    def _fetch_instances(self):
        pass
        self.header._fetch_instances()
        for i in range(len(self.records)):
            pass
            self.records[i]._fetch_instances()


    class EndBody(KaitaiStruct):
        """END, the last save record; its body is empty.
        
        .. seealso::
           Xen xen/include/public/hvm/save.h (RELEASE-4.22.0) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/hvm/save.h;hb=RELEASE-4.22.0
        
        
        
        .. seealso::
           xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)
        """
        SEQ_FIELDS = []
        def __init__(self, _io, _parent=None, _root=None):
            super(XenHvmContext.EndBody, self).__init__(_io)
            self._parent = _parent
            self._root = _root
            self._debug = collections.defaultdict(dict)

        def _read(self):
            pass


        def _fetch_instances(self):
            pass


    class HeaderBody(KaitaiStruct):
        """HEADER's state (struct hvm_save_header): what the loader checks before
        any other record, and facts about the host that saved the guest.
        
        .. seealso::
           Xen xen/include/public/arch-x86/hvm/save.h (RELEASE-4.22.0), struct hvm_save_header - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/arch-x86/hvm/save.h;hb=RELEASE-4.22.0
        
        
        .. seealso::
           xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)
        """
        SEQ_FIELDS = ["magic", "version", "changeset", "cpuid", "gtsc_khz"]
        def __init__(self, _io, _parent=None, _root=None):
            super(XenHvmContext.HeaderBody, self).__init__(_io)
            self._parent = _parent
            self._root = _root
            self._debug = collections.defaultdict(dict)

        def _read(self):
            self._debug['magic']['start'] = self._io.pos()
            self.magic = self._io.read_u4le()
            self._debug['magic']['end'] = self._io.pos()
            if not self.magic == 1412960902:
                raise kaitaistruct.ValidationNotEqualError(1412960902, self.magic, self._io, u"/types/header_body/seq/0")
            self._debug['version']['start'] = self._io.pos()
            self.version = self._io.read_u4le()
            self._debug['version']['end'] = self._io.pos()
            if not self.version == 1:
                raise kaitaistruct.ValidationNotEqualError(1, self.version, self._io, u"/types/header_body/seq/1")
            self._debug['changeset']['start'] = self._io.pos()
            self.changeset = self._io.read_u8le()
            self._debug['changeset']['end'] = self._io.pos()
            self._debug['cpuid']['start'] = self._io.pos()
            self.cpuid = self._io.read_u4le()
            self._debug['cpuid']['end'] = self._io.pos()
            self._debug['gtsc_khz']['start'] = self._io.pos()
            self.gtsc_khz = self._io.read_u4le()
            self._debug['gtsc_khz']['end'] = self._io.pos()


        def _fetch_instances(self):
            pass


    class SaveDescriptor(KaitaiStruct):
        """The 8 octets before each save record (struct hvm_save_descriptor).
        
        .. seealso::
           Xen xen/include/public/hvm/save.h (RELEASE-4.22.0), struct hvm_save_descriptor - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/hvm/save.h;hb=RELEASE-4.22.0
        
        
        
        .. seealso::
           xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)
        """
        SEQ_FIELDS = ["typecode", "instance", "length"]
        def __init__(self, _io, _parent=None, _root=None):
            super(XenHvmContext.SaveDescriptor, self).__init__(_io)
            self._parent = _parent
            self._root = _root
            self._debug = collections.defaultdict(dict)

        def _read(self):
            self._debug['typecode']['start'] = self._io.pos()
            self.typecode = KaitaiStream.resolve_enum(XenHvmContext.Typecode, self._io.read_u2le())
            self._debug['typecode']['end'] = self._io.pos()
            self._debug['instance']['start'] = self._io.pos()
            self.instance = self._io.read_u2le()
            self._debug['instance']['end'] = self._io.pos()
            self._debug['length']['start'] = self._io.pos()
            self.length = self._io.read_u4le()
            self._debug['length']['end'] = self._io.pos()


        def _fetch_instances(self):
            pass


    class SaveRecord(KaitaiStruct):
        """One save record, a descriptor and the state it announces.
        
        .. seealso::
           Xen xen/include/public/hvm/save.h (RELEASE-4.22.0) - https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/hvm/save.h;hb=RELEASE-4.22.0
        
        
        
        .. seealso::
           xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)
        """
        SEQ_FIELDS = ["descriptor", "body"]
        def __init__(self, _io, _parent=None, _root=None):
            super(XenHvmContext.SaveRecord, self).__init__(_io)
            self._parent = _parent
            self._root = _root
            self._debug = collections.defaultdict(dict)

        def _read(self):
            self._debug['descriptor']['start'] = self._io.pos()
            self.descriptor = XenHvmContext.SaveDescriptor(self._io, self, self._root)
            self.descriptor._read()
            self._debug['descriptor']['end'] = self._io.pos()
            self._debug['body']['start'] = self._io.pos()
            _on = self.descriptor.typecode
            if _on == XenHvmContext.Typecode.end:
                pass
                self._raw_body = self._io.read_bytes(self.descriptor.length)
                _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                self.body = XenHvmContext.EndBody(_io__raw_body, self, self._root)
                self.body._read()
            elif _on == XenHvmContext.Typecode.header:
                pass
                self._raw_body = self._io.read_bytes(self.descriptor.length)
                _io__raw_body = KaitaiStream(BytesIO(self._raw_body))
                self.body = XenHvmContext.HeaderBody(_io__raw_body, self, self._root)
                self.body._read()
            else:
                pass
                self.body = self._io.read_bytes(self.descriptor.length)
            self._debug['body']['end'] = self._io.pos()


        def _fetch_instances(self):
            pass
            self.descriptor._fetch_instances()
            _on = self.descriptor.typecode
            if _on == XenHvmContext.Typecode.end:
                pass
                self.body._fetch_instances()
            elif _on == XenHvmContext.Typecode.header:
                pass
                self.body._fetch_instances()
            else:
                pass



