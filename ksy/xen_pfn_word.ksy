meta:
  id: xen_pfn_word
  title: Xen PAGE_DATA pfn entry word, split into its fields
  application: Xen toolstack (xl save / xl restore, live migration)
  license: CC0-1.0
  ks-version: '0.11'
  xref:
    xen-spec: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0'
    xen-header: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/libs/guest/xg_sr_stream_format.h;hb=RELEASE-4.22.0'
  endian:
    switch-on: little_endian
    cases:
      true: le
      false: be
doc: |
  The 64-bit word of one PAGE_DATA pfn entry, the same in version 1 and in
  the libxc streams (versions 2 and 3): the page type in the top four bits,
  eight reserved bits, and the guest frame number in the low 52 bits.

  The word is read as its two 32-bit halves, so that every Kaitai target
  computes the fields exactly (JavaScript's numbers hold 53 bits, and its
  bit operators 32). Which half comes first depends on the image's byte
  order, which the image header chooses at run time and which an imported
  type cannot inherit: the pfn_entry of each format passes it in (`little_endian`).
  Each pfn_entry reads this type as its field `word` and forwards the
  numbers below, so that the split and the page types are stated once; the
  page type as an enum is read here, as `word.page_type`.

  The products are cast to u8 before they are added (`(a.as<u8> * b).as<u8>
  + c.as<u8>`): the 0.11 compiler's Rust target computes a sum in 32 bits
  unless both operands are 64-bit.
doc-ref:
  - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section PAGE_DATA'
  - 'xsif specification, v1-page-data (spec/format.rst; format.html#v1-page-data)'
  - 'xsif specification, libxc-page-data (spec/libxc.rst; libxc.html#libxc-page-data)'
params:
  - id: little_endian
    type: bool
    doc: True when the image body is little-endian (bit 0 of the image header's options clear).
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
  type_code:
    value: high >> 28
    doc: Bits 63 to 60, the page type as a number.
  page_type:
    value: type_code
    enum: page_type
    doc: Bits 63 to 60, the page type.
  reserved:
    value: (high >> 20) & 0xff
    doc: Bits 59 to 52, reserved, zero.
  pfn_high:
    value: high & 0xfffff
    doc: Bits 51 to 32, the high part of the guest frame number.
  pfn:
    value: ((pfn_high.as<u8> * 0x100000000.as<u8>).as<u8> + low.as<u8>).as<u8>
    doc: Bits 51 to 0, the guest frame number.
  carries_data:
    value: type_code <= 4 or (type_code >= 9 and type_code <= 12)
    doc: True when a page of data follows for this entry.
enums:
  page_type:
    0x0: notab
    0x1: l1tab
    0x2: l2tab
    0x3: l3tab
    0x4: l4tab
    0x9: l1tab_pin
    0xa: l2tab_pin
    0xb: l3tab_pin
    0xc: l4tab_pin
    0xd: broken
    0xe: xalloc
    0xf: xtab
