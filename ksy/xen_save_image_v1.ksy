meta:
  id: xen_save_image_v1
  title: Xen domain save image, version 1 (x86 PV)
  application: Xen toolstack (xl save / xl restore, live migration)
  license: CC0-1.0
  ks-version: '0.11'
  # no extension is standard (xl save takes any file name); .xsi is this
  # project's naming, which its examples and conformance corpus use
  file-extension: xsi
  xref:
    xen-spec: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0'
  endian: be
  imports:
    - xen_image_header
    - xen_pfn_word
doc: |
  A Xen domain save image holds the state of one guest domain: the memory
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
doc-ref:
  - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Overview (what the libxc stream made of this layout)'
  - 'xsif specification, v1-overview (spec/format.rst; format.html#v1-overview)'
seq:
  - id: image_header
    type: xen_image_header
    valid:
      expr: _.version == xen_image_header::format_version::v1
    doc: |
      Identifies the data as a Xen domain save image and gives its byte
      order. This description covers version 1 only.
  - id: body
    type: image_body
    doc: The domain header and the records, in the byte order the image header selects.
types:
  image_body:
    meta:
      endian:
        switch-on: _root.image_header.is_big_endian
        cases:
          true: be
          false: le
    doc: |
      The domain header and the sequence of records, up to and including END.
      Every type of the image body is nested here so that it inherits the
      byte order this type takes from the image header.
    doc-ref:
      - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records (what the libxc stream made of this layout)'
      - 'xsif specification, v1-records (spec/format.rst; format.html#v1-records)'
    seq:
      - id: domain_header
        type: domain_header
        doc: General properties of the saved domain.
      - id: records
        type: record(not _root.image_header.is_big_endian)
        repeat: until
        repeat-until: _.header.type == record_type::end
        doc: The records, the last of which is END.
    types:
      domain_header:
        doc: General properties of the saved domain.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Domain Header (what the libxc stream made of this layout)'
          - 'xsif specification, v1-domain-header (spec/format.rst; format.html#v1-domain-header)'
        seq:
          - id: arch
            type: u2
            enum: arch
            doc: Architecture of the guest.
          - id: type
            type: u2
            doc: Kind of guest, scoped by `arch` (see `x86_type`).
          - id: page_shift
            type: u2
            doc: Base-2 logarithm of the guest page size; x86 requires 12.
          - id: reserved
            type: u2
            doc: Reserved, zero.
        instances:
          x86_type:
            value: type
            enum: x86_domain_type
            if: arch == arch::x86
            doc: The guest type when the architecture is x86.
          page_size:
            value: 1 << page_shift
            doc: Size of a guest page in octets.
      record:
        doc: |
          One record: a 16-octet header, the body, zero padding to the next
          multiple of 8 octets and an 8-octet footer with the checksum. Every
          record starts on an 8-octet boundary.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records (what the libxc stream made of this layout)'
          - 'xsif specification, v1-record-framing (spec/format.rst; format.html#v1-record-framing)'
        meta:
          endian:
            switch-on: little_endian
            cases:
              true: le
              false: be
        params:
          - id: little_endian
            type: bool
            doc: True when the image body is little-endian (the byte order of the image header), for the types below that need it in their expressions.
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
                record_type::vcpu_info: vcpu_info_body
                record_type::vcpu_context: vcpu_context_body
                record_type::x86_pv_info: x86_pv_info_body
                record_type::p2m: p2m_body(little_endian)
            doc: The record's body; its layout depends on the record type.
          - id: padding
            size: header.padding_length
            doc: Zero octets that align the footer on an 8-octet boundary.
          - id: footer
            type: record_footer
            doc: The checksum of body and padding.
      record_header:
        doc: The first 16 octets of a record.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Records (what the libxc stream made of this layout)'
          - 'xsif specification, v1-record-framing (spec/format.rst; format.html#v1-record-framing)'
        seq:
          - id: type
            type: u4
            enum: record_type
            doc: |
              Record type. Bit 31 set marks an optional record, which a reader
              that does not know it may skip.
          - id: body_length
            type: u4
            doc: Octets of body, not counting the padding.
          - id: options
            type: u2
            doc: Bit 0 set means the footer's checksum is valid; bits 1 to 15 are reserved.
          - id: reserved
            size: 6
            doc: Reserved, zero.
        instances:
          checksum_valid:
            value: (options & 0x0001) != 0
            doc: True when the footer carries the CRC-32C of body and padding.
          reserved_options:
            value: options >> 1
            doc: Option bits 1 to 15, reserved, zero.
          is_optional:
            value: (type.to_i & 0x80000000) != 0
            doc: True for an optional record type (bit 31 set).
          padding_length:
            value: (8 - body_length % 8) % 8
            doc: Octets of padding after the body, 0 to 7.
      record_footer:
        doc: The last 8 octets of a record.
        doc-ref:
          - 'xsif specification, v1-checksum (spec/format.rst; format.html#v1-checksum)'
        seq:
          - id: checksum
            type: u4
            doc: |
              CRC-32C (Castagnoli) of the body and the padding when the header's
              checksum bit is set, otherwise zero.
          - id: reserved
            type: u4
            doc: Reserved, zero.
      end_body:
        doc: END marks the end of the image; its body is empty.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section END (what the libxc stream made of this layout)'
          - 'xsif specification, v1-end (spec/format.rst; format.html#v1-end)'
        seq: []
      page_data_body:
        doc: |
          A batch of guest pages: their frame numbers and types, then the
          contents of those that carry data, in entry order.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA (what the libxc stream made of this layout)'
          - 'xsif specification, v1-page-data (spec/format.rst; format.html#v1-page-data)'
        params:
          - id: little_endian
            type: bool
            doc: True when the image body is little-endian.
        seq:
          - id: header
            type: page_data_header
            doc: The number of pfn entries.
          - id: pfns
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
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA (what the libxc stream made of this layout)'
          - 'xsif specification, v1-page-data (spec/format.rst; format.html#v1-page-data)'
        seq:
          - id: count
            type: u4
            doc: Number of pfn entries, at least 1.
          - id: reserved
            type: u4
            doc: Reserved, zero.
      pfn_entry:
        doc: A 64-bit word packing a page type and a guest frame number.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA (what the libxc stream made of this layout)'
          - 'xsif specification, v1-page-data (spec/format.rst; format.html#v1-page-data)'
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
      vcpu_info_body:
        doc: How many virtual CPUs the domain has.
        doc-ref:
          - 'xsif specification, v1-vcpu-info (spec/format.rst; format.html#v1-vcpu-info)'
        seq:
          - id: max_vcpu_id
            type: u4
            doc: Highest vcpu id of the domain.
          - id: reserved
            type: u4
            doc: Reserved, zero.
      vcpu_context_body:
        doc: The register state of one virtual CPU.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_VCPU_BASIC, EXTENDED, XSAVE, MSRS (what the libxc stream made of this layout)'
          - 'xsif specification, v1-vcpu-context (spec/format.rst; format.html#v1-vcpu-context)'
        seq:
          - id: vcpu_id
            type: u4
            doc: Which vcpu this context belongs to, at most max_vcpu_id.
          - id: reserved
            type: u4
            doc: Reserved, zero.
          - id: context
            size-eos: true
            doc: The vcpu context as Xen's domctl interface returns it; opaque here, never empty.
      x86_pv_info_body:
        doc: Properties of an x86 PV guest that the other records depend on.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_INFO (what the libxc stream made of this layout)'
          - 'xsif specification, v1-x86-pv-info (spec/format.rst; format.html#v1-x86-pv-info)'
        seq:
          - id: guest_width
            type: u1
            doc: Octets in a guest word, 4 (32-bit PAE) or 8 (64-bit).
          - id: pt_levels
            type: u1
            doc: Levels of guest page tables, 3 (with width 4) or 4 (with width 8).
          - id: reserved
            size: 6
            doc: Reserved, zero.
      p2m_body:
        doc: |
          The guest frames that hold the guest's own physical-to-machine map
          for the pfns p2m_start_pfn to p2m_end_pfn, inclusive.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES (what the libxc stream made of this layout)'
          - 'xsif specification, v1-p2m (spec/format.rst; format.html#v1-p2m)'
        params:
          - id: little_endian
            type: bool
            doc: True when the image body is little-endian.
        seq:
          - id: header
            type: p2m_header
            doc: The range of pfns the frames map.
          - id: frames
            type: p2m_frame(little_endian)
            repeat: eos
            doc: The frames, in order; their count follows from the range and the guest width.
      p2m_header:
        doc: The fixed start of a P2M body.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES (what the libxc stream made of this layout)'
          - 'xsif specification, v1-p2m (spec/format.rst; format.html#v1-p2m)'
        seq:
          - id: p2m_start_pfn
            type: u8
            doc: First pfn that the listed frames map.
          - id: p2m_end_pfn
            type: u8
            doc: Last pfn that the listed frames map, at least p2m_start_pfn.
      p2m_frame:
        doc: |
          One frame number of the p2m list: a 64-bit word, read as its two
          32-bit halves so that every Kaitai target computes the fields
          exactly (see xen_pfn_word).
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section X86_PV_P2M_FRAMES (what the libxc stream made of this layout)'
          - 'xsif specification, v1-p2m (spec/format.rst; format.html#v1-p2m)'
        meta:
          endian:
            switch-on: little_endian
            cases:
              true: le
              false: be
        params:
          - id: little_endian
            type: bool
            doc: 'True when the image body is little-endian: the order of the word''s halves.'
        seq:
          - id: first_half
            type: u4
            doc: The word's first four octets, its low half when little-endian, its high half when big-endian.
          - id: second_half
            type: u4
            doc: The word's last four octets, its high half when little-endian, its low half when big-endian.
        instances:
          high:
            value: 'little_endian ? second_half : first_half'
            doc: Bits 63 to 32 of the word.
          low:
            value: 'little_endian ? first_half : second_half'
            doc: Bits 31 to 0 of the word.
          raw:
            value: ((high.as<u8> * 0x100000000.as<u8>).as<u8> + low.as<u8>).as<u8>
            doc: The whole word (in JavaScript exact below 2^53 only; the fields below are exact).
          reserved:
            value: high >> 20
            doc: Bits 63 to 52, reserved, zero.
          frame_high:
            value: high & 0xfffff
            doc: Bits 51 to 32, the high part of the frame number.
          frame:
            value: ((frame_high.as<u8> * 0x100000000.as<u8>).as<u8> + low.as<u8>).as<u8>
            doc: Bits 51 to 0, the frame number.
enums:
  arch:
    0: reserved
    1: x86
    2: arm
  x86_domain_type:
    1: pv
  record_type:
    0x00000000: end
    0x00000001: page_data
    0x00000002: vcpu_info
    0x00000003: vcpu_context
    0x00000004: x86_pv_info
    0x00000005: p2m
