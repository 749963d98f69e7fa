meta:
  id: xen_pfn_word
  title: Xen PAGE_DATA pfn entry word, split into its fields
  application: Xen toolstack (xl save / xl restore, live migration)
  license: CC0-1.0
  ks-version: '0.11'
doc: |
  The 64-bit word of one PAGE_DATA pfn entry, the same in version 1 and in
  the libxc streams (versions 2 and 3): the page type in the top four bits,
  eight reserved bits, and the guest frame number in the low 52 bits.

  This type reads nothing: the word is passed in as `raw`, read by the
  pfn_entry of each format in that image's byte order (which the image
  header chooses at run time, and which an imported type cannot inherit).
  Each pfn_entry parses this type as its instance `word` and forwards the
  values below, so that the split and the page types are stated once.
doc-ref: 'xsif specification, v1-page-data'
params:
  - id: raw
    type: u8
    doc: The entry's word, already read in the image's byte order.
instances:
  type_code:
    value: raw >> 60
    doc: Bits 63 to 60, the page type as a number.
  page_type:
    value: type_code
    enum: page_type
    doc: Bits 63 to 60, the page type.
  reserved:
    value: (raw >> 52) & 0xff
    doc: Bits 59 to 52, reserved, zero.
  pfn:
    value: raw & 0xfffffffffffff
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
