meta:
  id: xen_hvm_context
  title: Xen HVM context, the save records of an HVM guest's hypervisor state
  application: Xen (XEN_DOMCTL_gethvmcontext / XEN_DOMCTL_sethvmcontext)
  license: CC0-1.0
  ks-version: '0.11'
  xref:
    xen-header: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/hvm/save.h;hb=RELEASE-4.22.0'
    xen-header-x86: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/arch-x86/hvm/save.h;hb=RELEASE-4.22.0'
  endian: le
doc: |
  The state Xen itself keeps for an x86 HVM or PVH guest, as the hypervisor
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
doc-ref:
  - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/hvm/save.h;hb=RELEASE-4.22.0 Xen xen/include/public/hvm/save.h (RELEASE-4.22.0)'
  - 'xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)'
seq:
  - id: header
    type: save_record
    valid:
      expr: _.descriptor.typecode == typecode::header
    doc: The first save record, which must be HEADER.
  - id: records
    type: save_record
    repeat: until
    repeat-until: _.descriptor.typecode == typecode::end
    doc: The other save records, the last of which is END.
  - id: trailing
    size-eos: true
    doc: Octets after END; Xen writes none and ignores any.
types:
  save_record:
    doc: One save record, a descriptor and the state it announces.
    doc-ref:
      - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/hvm/save.h;hb=RELEASE-4.22.0 Xen xen/include/public/hvm/save.h (RELEASE-4.22.0)'
      - 'xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)'
    seq:
      - id: descriptor
        type: save_descriptor
        doc: What the record holds and how long its body is.
      - id: body
        size: descriptor.length
        type:
          switch-on: descriptor.typecode
          cases:
            typecode::header: header_body
            typecode::end: end_body
        doc: The state, opaque except for HEADER and END.
  save_descriptor:
    doc: The 8 octets before each save record (struct hvm_save_descriptor).
    doc-ref:
      - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/hvm/save.h;hb=RELEASE-4.22.0 Xen xen/include/public/hvm/save.h (RELEASE-4.22.0), struct hvm_save_descriptor'
      - 'xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)'
    seq:
      - id: typecode
        type: u2
        enum: typecode
        doc: Kind of state the record holds (HVM_SAVE_CODE).
      - id: instance
        type: u2
        doc: Which one of that kind, the vcpu id for per-vcpu state; 0 otherwise.
      - id: length
        type: u4
        doc: Octets of state after the descriptor, not counting the descriptor.
  header_body:
    doc: |
      HEADER's state (struct hvm_save_header): what the loader checks before
      any other record, and facts about the host that saved the guest.
    doc-ref:
      - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/arch-x86/hvm/save.h;hb=RELEASE-4.22.0 Xen xen/include/public/arch-x86/hvm/save.h (RELEASE-4.22.0), struct hvm_save_header'
      - 'xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)'
    seq:
      - id: magic
        type: u4
        valid: 0x54381286
        doc: HVM_FILE_MAGIC.
      - id: version
        type: u4
        valid: 1
        doc: HVM_FILE_VERSION, the only version any Xen has written.
      - id: changeset
        type: u8
        doc: |
          The source revision of the Xen that saved the guest, as a number
          (all ones when unknown); informational.
      - id: cpuid
        type: u4
        doc: CPUID leaf 1 EAX of the saving host; a mismatch is only logged.
      - id: gtsc_khz
        type: u4
        doc: The guest's TSC frequency in kHz; 0 leaves the restoring host's.
  end_body:
    doc: END, the last save record; its body is empty.
    doc-ref:
      - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=xen/include/public/hvm/save.h;hb=RELEASE-4.22.0 Xen xen/include/public/hvm/save.h (RELEASE-4.22.0)'
      - 'xsif specification, libxc-hvm-context-records (spec/libxc.rst; libxc.html#libxc-hvm-context-records)'
    seq: []
enums:
  typecode:
    0:
      id: end
      doc: The last save record, length 0 (struct hvm_save_end).
    1:
      id: header
      doc: The first save record (struct hvm_save_header); only first.
    2:
      id: cpu
      doc: A vcpu's registers (struct hvm_hw_cpu), per vcpu.
    3:
      id: pic
      doc: One of the two 8259 PICs (struct hvm_hw_vpic), instances 0 and 1.
    4:
      id: ioapic
      doc: The IO-APIC (struct hvm_hw_vioapic).
    5:
      id: lapic
      doc: A vcpu's local APIC, hidden state (struct hvm_hw_lapic), per vcpu.
    6:
      id: lapic_regs
      doc: A vcpu's local APIC register page (struct hvm_hw_lapic_regs), per vcpu.
    7:
      id: pci_irq
      doc: PCI INTx wire levels (struct hvm_hw_pci_irqs).
    8:
      id: isa_irq
      doc: ISA IRQ line levels (struct hvm_hw_isa_irqs).
    9:
      id: pci_link
      doc: PCI link routing (struct hvm_hw_pci_link).
    10:
      id: pit
      doc: The 8254 PIT (struct hvm_hw_pit).
    11:
      id: rtc
      doc: The RTC (struct hvm_hw_rtc).
    12:
      id: hpet
      doc: The HPET (struct hvm_hw_hpet).
    13:
      id: pmtimer
      doc: The ACPI PM timer (struct hvm_hw_pmtimer).
    14:
      id: mtrr
      doc: A vcpu's MTRRs (struct hvm_hw_mtrr), per vcpu.
    15:
      id: viridian_domain
      doc: Hyper-V enlightenments, domain part (named VIRIDIAN until Xen 4.2).
    16:
      id: cpu_xsave
      doc: A vcpu's extended state (struct hvm_hw_cpu_xsave, variable length), per vcpu; since Xen 4.1.
    17:
      id: viridian_vcpu
      doc: Hyper-V enlightenments, vcpu part, per vcpu; since Xen 4.2.
    18:
      id: vmce_vcpu
      doc: A vcpu's virtual machine-check state (struct hvm_vmce_vcpu), per vcpu; since Xen 4.2.
    19:
      id: tsc_adjust
      doc: A vcpu's IA32_TSC_ADJUST (struct hvm_tsc_adjust), per vcpu; since Xen 4.3.
    20:
      id: cpu_msr
      doc: A vcpu's MSRs (struct hvm_msr, variable length), per vcpu; since Xen 4.5. The largest typecode (HVM_SAVE_CODE_MAX).
