meta:
  id: xen_image_header
  title: Xen domain save image header
  application: Xen toolstack (xl save / xl restore, live migration)
  license: CC0-1.0
  ks-version: '0.11'
  xref:
    xen-spec: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0'
    xen-header: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/libs/guest/xg_sr_stream_format.h;hb=RELEASE-4.22.0'
  endian: be
doc: |
  The first 24 octets of every image of this format, whatever its version,
  always big-endian whatever the endianness bit says, so that a reader can
  find the version and the byte order before it interprets anything else.
doc-ref:
  - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxc-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxc-migration-stream.pandoc (RELEASE-4.22.0), section Image Header'
  - 'xsif specification, v1-image-header (spec/format.rst; format.html#v1-image-header)'
seq:
  - id: marker_high
    -orig-id: marker
    type: u4
    valid: '0xffffffff'
    doc: |
      Octets 0 to 3 of the 64-bit marker (its bits 63 to 32), all ones. A
      legacy (Xen 4.5 and earlier) image starts with a p2m size or a chunk
      type here, so at least one bit of the marker is zero. The marker is
      read and checked as its two halves so that every Kaitai target checks
      all 64 bits (a JavaScript number holds 53).
  - id: marker_low
    -orig-id: marker
    type: u4
    valid: '0xffffffff'
    doc: Octets 4 to 7 of the marker (its bits 31 to 0), all ones.
  - id: id
    type: u4
    valid: 0x58454e46
    doc: The ASCII characters "XENF".
  - id: version
    type: u4
    enum: format_version
    doc: |
      Version of the format the image follows: 1 for the layout reviewed as
      draft B, 2 and 3 for the libxc streams of Xen 4.6 and later.
  - id: options
    type: u2
    doc: Bit 0 is the byte order of everything after this header; bits 1 to 15 are reserved.
  - id: reserved
    -orig-id: _res1, _res2
    size: 6
    doc: Reserved, zero.
instances:
  marker:
    value: ((marker_high.as<u8> * 0x100000000.as<u8>).as<u8> + marker_low.as<u8>).as<u8>
    doc: The 64-bit marker, all ones (in JavaScript exact below 2^53 only; its halves are exact).
  is_big_endian:
    value: (options & 0x0001) != 0
    doc: True when what follows the header is big-endian.
  reserved_options:
    value: options >> 1
    doc: Option bits 1 to 15, reserved, zero.
enums:
  format_version:
    1: v1
    2: v2
    3: v3
