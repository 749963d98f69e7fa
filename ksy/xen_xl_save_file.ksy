meta:
  id: xen_xl_save_file
  title: Xen xl save file
  application: xl save / xl restore (Xen 4.6 and later)
  license: CC0-1.0
  ks-version: '0.11'
  # no extension is standard (xl save takes any file name); .xsi is this
  # project's naming, which its examples and conformance corpus use
  file-extension: xsi
  xref:
    xen-header: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/xl/xl.h;hb=RELEASE-4.22.0'
  endian: be
  imports:
    - xen_libxl_stream
doc: |
  What `xl save` writes: a fixed 32-octet magic string, a header of four
  32-bit words in the writer's byte order (found from the byte-order word),
  the optional data (the domain's configuration) and, for Xen 4.6 and later
  (mandatory flag bit 1), the libxl stream.
doc-ref:
  - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/xl/xl.h;hb=RELEASE-4.22.0 Xen tools/xl/xl.h (RELEASE-4.22.0), struct save_file_header'
  - 'xsif specification, xl-overview (spec/xl.rst; xl.html#xl-overview)'
seq:
  - id: magic
    contents: ["Xen saved domain, xl format", 0x0a, 0x20, 0x00, 0x20, 0x0d]
    doc: Identifies an xl save file.
  - id: byte_order_word
    -orig-id: byteorder
    type: u4be
    doc: |
      0x01020304 written in the writer's byte order: read big-endian it is
      0x01020304 for a big-endian writer and 0x04030201 for a little-endian one.
  - id: body
    type: file_body
    doc: The rest of the header, the optional data and the libxl stream.
instances:
  is_big_endian:
    value: byte_order_word == 0x01020304
    doc: True when the header words are big-endian.
  byte_order_known:
    value: byte_order_word == 0x01020304 or byte_order_word == 0x04030201
    doc: True when the byte-order word is 0x01020304 in one of the two byte orders.
types:
  file_body:
    meta:
      endian:
        switch-on: _root.is_big_endian
        cases:
          true: be
          false: le
    doc: The header words after the byte-order word, then what they announce.
    doc-ref:
      - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/xl/xl.h;hb=RELEASE-4.22.0 Xen tools/xl/xl.h (RELEASE-4.22.0), struct save_file_header'
      - 'xsif specification, xl-header (spec/xl.rst; xl.html#xl-header)'
    seq:
      - id: header
        type: header
        doc: The flags and the length of the optional data.
      - id: optional_data
        size: header.optional_data_len
        type: optional_data
        doc: The optional data; xl puts the domain's configuration here.
      - id: libxl_stream
        type: xen_libxl_stream
        if: header.is_stream_v2
        doc: The libxl stream (Xen 4.6 and later).
    types:
      header:
        doc: The three header words after the byte-order word.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/xl/xl.h;hb=RELEASE-4.22.0 Xen tools/xl/xl.h (RELEASE-4.22.0), struct save_file_header'
          - 'xsif specification, xl-header (spec/xl.rst; xl.html#xl-header)'
        seq:
          - id: mandatory_flags
            type: u4
            doc: Bit 0 the configuration is JSON, bit 1 a libxl stream follows; other bits reserved (a reader rejects unknown ones).
          - id: optional_flags
            type: u4
            doc: No optional flag is defined; a reader ignores unknown ones.
          - id: optional_data_len
            type: u4
            doc: Octets of optional data that follow.
        instances:
          is_config_json:
            value: (mandatory_flags & 0x1) != 0
            doc: True when the configuration is libxl's JSON form.
          is_stream_v2:
            value: (mandatory_flags & 0x2) != 0
            doc: True when a libxl stream follows (Xen 4.6 and later).
          unknown_mandatory_flags:
            value: mandatory_flags >> 2
            doc: Mandatory flag bits 2 to 31, unknown.
      optional_data:
        doc: The domain's configuration as xl saved it.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/xl/xl.h;hb=RELEASE-4.22.0 Xen tools/xl/xl.h (RELEASE-4.22.0), struct save_file_header'
          - 'xsif specification, xl-config (spec/xl.rst; xl.html#xl-config)'
        seq:
          - id: config_length
            type: u4
            doc: Octets of configuration text.
          - id: config
            size: config_length
            doc: The configuration (JSON when mandatory flag bit 0 is set, otherwise xl's own syntax).
          - id: rest
            size-eos: true
            doc: Further optional data, none defined.
