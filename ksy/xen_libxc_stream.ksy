meta:
  id: xen_libxc_stream
  title: Xen libxc migration stream, versions 2 and 3
  application: Xen 4.6 and later (xc_domain_save / xc_domain_restore)
  license: CC0-1.0
  ks-version: '0.11'
  # no extension is standard (xl save takes any file name); .xsi is this
  # project's naming, which its examples and conformance corpus use
  file-extension: xsi
  xref:
    xen-spec: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0'
    xen-header: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/libs/guest/xg_sr_stream_format.h;hb=RELEASE-4.22.0'
  endian: be
  imports:
    - xen_hvm_context
    - xen_image_header
    - xen_pfn_word
doc: |
  The stream libxc writes when it saves a domain or migrates it (Xen 4.6
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
doc-ref:
  - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Overview'
  - 'xsif specification, libxc-overview (spec/libxc.rst; libxc.html#libxc-overview)'
params:
  - id: in_libxl
    type: bool
    doc: |
      True when the stream is inside a libxl stream (after LIBXC_CONTEXT),
      where a CHECKPOINT record hands the stream back to libxl: the records
      then stop at the first CHECKPOINT or END, and the libxl stream holds
      the records that resume it. False (or not given, as in the Web IDE)
      for a stream on its own, whose records go on to END.
seq:
  - id: image_header
    type: xen_image_header
    valid:
      expr: _.version == xen_image_header::format_version::v2 or _.version == xen_image_header::format_version::v3
    doc: The image header of version 1, with version 2 or 3.
  - id: body
    type: stream_body
    doc: The domain header and the records, in the byte order the image header selects.
types:
  stream_body:
    meta:
      endian:
        switch-on: _parent.image_header.is_big_endian
        cases:
          true: be
          false: le
    doc: |
      The domain header and the records up to and including END. Every type
      of the stream is nested here so that it takes on the byte order this
      type takes from the image header.
    doc-ref:
      - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records'
      - 'xsif specification, libxc-records (spec/libxc.rst; libxc.html#libxc-records)'
    seq:
      - id: domain_header
        type: domain_header
        doc: General properties of the saved domain.
      - id: records
        type: record(not _parent.image_header.is_big_endian)
        repeat: until
        repeat-until: >-
          _.header.type == record_type::end
          or (_parent.in_libxl and _.header.type == record_type::checkpoint)
        doc: |
          The records, the last of which is END; inside a libxl stream, up
          to the first CHECKPOINT when one comes before END.
    types:
      domain_header:
        doc: General properties of the saved domain.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Domain Header'
          - 'xsif specification, libxc-domain-header (spec/libxc.rst; libxc.html#libxc-domain-header)'
        seq:
          - id: type
            type: u4
            enum: domain_type
            doc: Kind of guest.
          - id: page_shift
            type: u2
            doc: Base-2 logarithm of the guest page size; x86 requires 12.
          - id: reserved
            -orig-id: _res1
            type: u2
            doc: Reserved, zero.
          - id: xen_major
            type: u4
            doc: Major version of the Xen that saved the domain; 0 for a stream converted from a legacy image.
          - id: xen_minor
            type: u4
            doc: Minor version of that Xen (of the conversion tool when xen_major is 0).
        instances:
          page_size:
            value: 1 << page_shift
            doc: Size of a guest page in octets.
          is_legacy_converted:
            value: xen_major == 0
            doc: True when the legacy conversion tool wrote the stream.
      record:
        doc: |
          One record: an 8-octet header, the body and zero padding to the next
          multiple of 8 octets. Every record starts on an 8-octet boundary.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records'
          - 'xsif specification, libxc-record-framing (spec/libxc.rst; libxc.html#libxc-record-framing)'
        meta:
          endian:
            switch-on: little_endian
            cases:
              true: le
              false: be
        params:
          - id: little_endian
            type: bool
            doc: True when the stream is little-endian (the byte order of its image header). A record takes its byte order from here rather than from stream_body so that a libxl stream can read the records that resume a checkpointed libxc stream, which has no header of its own there.
        seq:
          - id: header
            type: record_header
            doc: The record's type and the length of its body.
          - id: body
            size: header.body_length
            type:
              switch-on: header.type
              cases:
                record_type::end: end_body
                record_type::page_data: page_data_body(little_endian)
                record_type::x86_pv_info: x86_pv_info_body
                record_type::x86_pv_p2m_frames: x86_pv_p2m_frames_body
                record_type::x86_pv_vcpu_basic: x86_pv_vcpu_body
                record_type::x86_pv_vcpu_extended: x86_pv_vcpu_body
                record_type::x86_pv_vcpu_xsave: x86_pv_vcpu_body
                record_type::shared_info: shared_info_body
                record_type::x86_tsc_info: x86_tsc_info_body
                record_type::hvm_context: hvm_context_body
                record_type::hvm_params: hvm_params_body
                record_type::toolstack: toolstack_body
                record_type::x86_pv_vcpu_msrs: x86_pv_vcpu_body
                record_type::verify: verify_body
                record_type::checkpoint: checkpoint_body
                record_type::checkpoint_dirty_pfn_list: checkpoint_dirty_pfn_list_body
                record_type::static_data_end: static_data_end_body
                record_type::x86_cpuid_policy: x86_cpuid_policy_body
                record_type::x86_msr_policy: x86_msr_policy_body
            doc: The record's body; its layout depends on the record type.
          - id: padding
            size: header.padding_length
            doc: Zero octets that align the next record on an 8-octet boundary.
      record_header:
        doc: The first 8 octets of a record.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records'
          - 'xsif specification, libxc-record-framing (spec/libxc.rst; libxc.html#libxc-record-framing)'
        seq:
          - id: type
            type: u4
            enum: record_type
            doc: |
              Record type. Bit 31 set marks an optional record, which a reader
              that does not know it may skip.
          - id: body_length
            -orig-id: length
            type: u4
            doc: Octets of body, not counting the padding.
        instances:
          is_optional:
            value: (type.to_i & 0x80000000) != 0
            doc: True for an optional record type (bit 31 set).
          padding_length:
            value: (8 - body_length % 8) % 8
            doc: Octets of padding after the body, 0 to 7.
          body_length_max:
            value: 0x08000000
            doc: |
              REC_LENGTH_MAX (128 MiB) from Xen 4.10: the longest body a
              restorer reads (read_record in xg_sr_common.c); a writer
              sends no longer record.
          body_length_max_before_4_10:
            value: 0x00800000
            doc: REC_LENGTH_MAX (8 MiB) in Xen 4.6 to 4.9.
      end_body:
        doc: END marks the end of the stream; its body is empty.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section END'
          - 'xsif specification, libxc-end (spec/libxc.rst; libxc.html#libxc-end)'
        seq: []
      page_data_body:
        doc: |
          A batch of guest pages: their frame numbers and types, then the
          contents of those that carry data, in entry order.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA'
          - 'xsif specification, libxc-page-data (spec/libxc.rst; libxc.html#libxc-page-data)'
        params:
          - id: little_endian
            type: bool
            doc: True when the stream is little-endian.
        seq:
          - id: header
            type: page_data_header
            doc: The number of pfn entries.
          - id: pfns
            -orig-id: pfn
            type: pfn_entry(little_endian)
            repeat: expr
            repeat-expr: header.count
            doc: One entry a page, each a page type and a frame number.
          - id: page_data
            size-eos: true
            doc: |
              The contents of every entry whose type carries data, one page
              (2^page_shift octets) each, in entry order.
      page_data_header:
        doc: The fixed start of a PAGE_DATA body.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA'
          - 'xsif specification, libxc-page-data (spec/libxc.rst; libxc.html#libxc-page-data)'
        seq:
          - id: count
            type: u4
            doc: Number of pfn entries, at least 1.
          - id: reserved
            -orig-id: _res1
            type: u4
            doc: Reserved, zero.
      pfn_entry:
        doc: |
          A 64-bit word packing a page type and a guest frame number, split
          exactly as in version 1.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA'
          - 'xsif specification, libxc-page-data (spec/libxc.rst; libxc.html#libxc-page-data)'
        params:
          - id: little_endian
            type: bool
            doc: 'True when the body is little-endian: the order of the word''s halves.'
        seq:
          - id: word
            type: xen_pfn_word(little_endian)
            doc: |
              Bits 63-60 page type, bits 59-52 reserved, bits 51-0 the pfn:
              the word split into its fields, as xen_pfn_word states it for
              every format. The instances below forward its numbers (see
              xen_pfn_word for what each one is); the page type as an enum
              is `word.page_type` (a forwarded enum value is declared with
              the imported enum's unqualified name by the 0.11 compiler in
              C++ and Java, which then do not build).
        instances:
          high:
            value: word.high
            doc: 'Bits 63 to 32 of the word.'
          low:
            value: word.low
            doc: 'Bits 31 to 0 of the word.'
          raw:
            value: word.raw
            doc: 'The whole word (in JavaScript exact below 2^53 only; the fields below are exact).'
          type_code:
            value: word.type_code
            doc: 'Bits 63 to 60, the page type as a number.'
          reserved:
            value: word.reserved
            doc: 'Bits 59 to 52, reserved, zero.'
          pfn_high:
            value: word.pfn_high
            doc: 'Bits 51 to 32, the high part of the guest frame number.'
          pfn:
            value: word.pfn
            doc: 'Bits 51 to 0, the guest frame number.'
          carries_data:
            value: word.carries_data
            doc: 'True when a page of data follows for this entry.'
      x86_pv_info_body:
        doc: Properties of an x86 PV guest that the other records depend on.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_INFO'
          - 'xsif specification, libxc-x86-pv-info (spec/libxc.rst; libxc.html#libxc-x86-pv-info)'
        seq:
          - id: guest_width
            type: u1
            doc: Octets in a guest word, 4 (32-bit) or 8 (64-bit).
          - id: pt_levels
            type: u1
            doc: Levels of guest page tables, 3 (with width 4) or 4 (with width 8).
          - id: reserved
            -orig-id: _res
            size: 6
            doc: Reserved, zero.
      x86_pv_p2m_frames_body:
        doc: |
          The guest frames that hold an x86 PV guest's own physical-to-machine
          map, for the pfns p2m_start_pfn to p2m_end_pfn, inclusive.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES'
          - 'xsif specification, libxc-x86-pv-p2m-frames (spec/libxc.rst; libxc.html#libxc-x86-pv-p2m-frames)'
        seq:
          - id: header
            type: x86_pv_p2m_frames_header
            doc: The range of pfns the frames map.
          - id: frames
            -orig-id: p2m_pfns
            type: p2m_frame
            repeat: eos
            doc: The frames, in order; their count follows from the range and the guest width.
      x86_pv_p2m_frames_header:
        doc: The fixed start of an X86_PV_P2M_FRAMES body.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES'
          - 'xsif specification, libxc-x86-pv-p2m-frames (spec/libxc.rst; libxc.html#libxc-x86-pv-p2m-frames)'
        seq:
          - id: p2m_start_pfn
            -orig-id: start_pfn
            type: u4
            doc: First pfn that the listed frames map.
          - id: p2m_end_pfn
            -orig-id: end_pfn
            type: u4
            doc: Last pfn that the listed frames map, at least p2m_start_pfn.
      p2m_frame:
        doc: One frame number of the p2m list.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES'
          - 'xsif specification, libxc-x86-pv-p2m-frames (spec/libxc.rst; libxc.html#libxc-x86-pv-p2m-frames)'
        seq:
          - id: pfn
            type: u8
            doc: A guest frame holding part of the p2m.
      x86_pv_vcpu_body:
        doc: |
          One piece of the state of one vcpu of an x86 PV guest, as one pair of
          domctl hypercalls reads and writes it: the basic context, the
          extended context, the xsave state or the MSRs, by record type.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_VCPU_BASIC, EXTENDED, XSAVE, MSRS'
          - 'xsif specification, libxc-x86-pv-vcpu (spec/libxc.rst; libxc.html#libxc-x86-pv-vcpu)'
        seq:
          - id: vcpu_id
            type: u4
            doc: The vcpu this state belongs to.
          - id: reserved
            -orig-id: _res1
            type: u4
            doc: Reserved, zero.
          - id: context
            size-eos: true
            doc: The state, opaque here.
        instances:
          len_basic_context_x86_64:
            value: 5168
            doc: |
              sizeof(vcpu_guest_context_x86_64_t): the context of
              X86_PV_VCPU_BASIC for a 64-bit guest (public/arch-x86/xen.h).
          len_basic_context_x86_32:
            value: 2800
            doc: |
              sizeof(vcpu_guest_context_x86_32_t): the context of
              X86_PV_VCPU_BASIC for a 32-bit guest.
          len_extended_context_max:
            value: 128
            doc: The longest context of X86_PV_VCPU_EXTENDED a restorer takes.
          len_xsave_context_min:
            value: 16
            doc: |
              The shortest non-empty context of X86_PV_VCPU_XSAVE a restorer
              takes (Xen 4.14 and later).
          len_msr_entry:
            value: 16
            doc: |
              sizeof(xen_domctl_vcpu_msr_t): the context of X86_PV_VCPU_MSRS
              is a whole number of these.
      shared_info_body:
        doc: The contents of an x86 PV guest's shared info page.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section SHARED_INFO'
          - 'xsif specification, libxc-shared-info (spec/libxc.rst; libxc.html#libxc-shared-info)'
        seq:
          - id: shared_info
            size-eos: true
            doc: Exactly one page (2^page_shift octets).
      x86_tsc_info_body:
        doc: The domain's time stamp counter settings (XEN_DOMCTL_{get,set}tscinfo).
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_TSC_INFO'
          - 'xsif specification, libxc-x86-tsc-info (spec/libxc.rst; libxc.html#libxc-x86-tsc-info)'
        seq:
          - id: mode
            type: u4
            enum: tsc_mode
            doc: How the guest's TSC reads are handled (TSC_MODE_*).
          - id: khz
            type: u4
            doc: TSC frequency in kHz.
          - id: nsec
            type: u8
            doc: Elapsed time in nanoseconds.
          - id: incarnation
            type: u4
            doc: How many times the domain has been migrated or restored.
          - id: reserved
            -orig-id: _res1
            type: u4
            doc: Reserved, zero.
      hvm_context_body:
        doc: The HVM context blob (XEN_DOMCTL_{get,set}hvmcontext).
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section HVM_CONTEXT'
          - 'xsif specification, libxc-hvm-context (spec/libxc.rst; libxc.html#libxc-hvm-context)'
        seq:
          - id: context
            size-eos: true
            doc: The blob, never empty; decoded by save_records.
        instances:
          save_records:
            pos: 0
            size-eos: true
            type: xen_hvm_context
            doc: |
              The blob as Xen's save records (xen_hvm_context): HEADER, the
              vcpu and device state, END. Always little-endian, whatever
              the stream's byte order. Read only when asked for.
      hvm_params_body:
        doc: HVM parameters of the domain (HVMOP_{get,set}_param), as index/value pairs.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section HVM_PARAMS'
          - 'xsif specification, libxc-hvm-params (spec/libxc.rst; libxc.html#libxc-hvm-params)'
        seq:
          - id: header
            type: hvm_params_header
            doc: The number of parameters.
          - id: params
            -orig-id: param
            type: hvm_param
            repeat: expr
            repeat-expr: header.count
            doc: The parameters.
      hvm_params_header:
        doc: The fixed start of an HVM_PARAMS body.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section HVM_PARAMS'
          - 'xsif specification, libxc-hvm-params (spec/libxc.rst; libxc.html#libxc-hvm-params)'
        seq:
          - id: count
            type: u4
            doc: Number of parameters that follow.
          - id: reserved
            -orig-id: _res1
            type: u4
            doc: Reserved, zero.
      hvm_param:
        doc: One HVM parameter.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section HVM_PARAMS'
          - 'xsif specification, libxc-hvm-params (spec/libxc.rst; libxc.html#libxc-hvm-params)'
        seq:
          - id: index
            type: u8
            doc: The parameter's index (HVM_PARAM_*).
          - id: value
            type: u8
            doc: Its value.
      toolstack_body:
        doc: |
          Deprecated: an opaque blob of the toolstack's own, used only while
          the stream was being developed. A writer does not send it.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section TOOLSTACK (deprecated)'
          - 'xsif specification, libxc-toolstack (spec/libxc.rst; libxc.html#libxc-toolstack)'
        seq:
          - id: data
            size-eos: true
            doc: The blob.
      verify_body:
        doc: |
          VERIFY: all memory has been sent and further PAGE_DATA records
          follow only so that the receiver can compare them; body empty.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section VERIFY'
          - 'xsif specification, libxc-verify (spec/libxc.rst; libxc.html#libxc-verify)'
        seq: []
      checkpoint_body:
        doc: |
          CHECKPOINT: the records so far are a consistent state of the guest.
          Inside a libxl stream it hands the stream back to libxl; more
          records (ending in another CHECKPOINT or END) follow. Body empty.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section CHECKPOINT'
          - 'xsif specification, libxc-checkpoint (spec/libxc.rst; libxc.html#libxc-checkpoint)'
        seq: []
      checkpoint_dirty_pfn_list_body:
        doc: |
          The pfns dirtied since the last checkpoint, sent by a COLO secondary
          back to the primary (not part of a saved image).
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section CHECKPOINT_DIRTY_PFN_LIST'
          - 'xsif specification, libxc-checkpoint-dirty-pfn-list (spec/libxc.rst; libxc.html#libxc-checkpoint-dirty-pfn-list)'
        seq:
          - id: pfns
            type: u8
            repeat: eos
            doc: The dirty pfns.
      static_data_end_body:
        doc: |
          STATIC_DATA_END (version 3): the end of the state that is sent once
          and does not change, before any memory or register state. Body empty.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section STATIC_DATA_END'
          - 'xsif specification, libxc-static-data-end (spec/libxc.rst; libxc.html#libxc-static-data-end)'
        seq: []
      x86_cpuid_policy_body:
        doc: The CPUID policy of the domain (version 3), as an array of leaves.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_CPUID_POLICY'
          - 'xsif specification, libxc-x86-cpuid-policy (spec/libxc.rst; libxc.html#libxc-x86-cpuid-policy)'
        seq:
          - id: leaves
            type: cpuid_leaf
            repeat: eos
            doc: At least one leaf.
      cpuid_leaf:
        doc: One CPUID leaf (xen_cpuid_leaf_t).
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_CPUID_POLICY'
          - 'xsif specification, libxc-x86-cpuid-policy (spec/libxc.rst; libxc.html#libxc-x86-cpuid-policy)'
        seq:
          - id: leaf
            type: u4
            doc: The leaf (EAX input).
          - id: subleaf
            type: u4
            doc: The subleaf (ECX input).
          - id: eax
            -orig-id: a
            type: u4
            doc: EAX output.
          - id: ebx
            -orig-id: b
            type: u4
            doc: EBX output.
          - id: ecx
            -orig-id: c
            type: u4
            doc: ECX output.
          - id: edx
            -orig-id: d
            type: u4
            doc: EDX output.
      x86_msr_policy_body:
        doc: The MSR policy of the domain (version 3), as an array of MSR entries.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_MSR_POLICY'
          - 'xsif specification, libxc-x86-msr-policy (spec/libxc.rst; libxc.html#libxc-x86-msr-policy)'
        seq:
          - id: msrs
            type: msr_entry
            repeat: eos
            doc: At least one entry.
      msr_entry:
        doc: One MSR of the policy (xen_msr_entry_t).
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_MSR_POLICY'
          - 'xsif specification, libxc-x86-msr-policy (spec/libxc.rst; libxc.html#libxc-x86-msr-policy)'
        seq:
          - id: index
            -orig-id: idx
            type: u4
            doc: The MSR's index.
          - id: flags
            type: u4
            doc: Reserved, zero.
          - id: value
            -orig-id: val
            type: u8
            doc: The MSR's value.
enums:
  domain_type:
    0: reserved
    1: x86_pv
    2: x86_hvm
    3: x86_pvh
    4: arm
  record_type:
    0x00000000: end
    0x00000001: page_data
    0x00000002: x86_pv_info
    0x00000003: x86_pv_p2m_frames
    0x00000004: x86_pv_vcpu_basic
    0x00000005: x86_pv_vcpu_extended
    0x00000006: x86_pv_vcpu_xsave
    0x00000007: shared_info
    0x00000008: x86_tsc_info
    0x00000009: hvm_context
    0x0000000a: hvm_params
    0x0000000b: toolstack
    0x0000000c: x86_pv_vcpu_msrs
    0x0000000d: verify
    0x0000000e: checkpoint
    0x0000000f: checkpoint_dirty_pfn_list
    0x00000010: static_data_end
    0x00000011: x86_cpuid_policy
    0x00000012: x86_msr_policy
  tsc_mode:
    0: default
    1: always_emulate
    2: never_emulate
    3: pvrdtscp
