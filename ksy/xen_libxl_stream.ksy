meta:
  id: xen_libxl_stream
  title: Xen libxl migration stream, version 2
  application: Xen 4.6 and later (libxl save / restore, xl migrate)
  license: CC0-1.0
  ks-version: '0.11'
  # no extension is standard (xl save takes any file name); .xsi is this
  # project's naming, which its examples and conformance corpus use
  file-extension: xsi
  xref:
    xen-spec: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0'
    xen-header: 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=tools/libs/light/libxl_sr_stream_format.h;hb=RELEASE-4.22.0'
  endian: be
  imports:
    - xen_libxc_stream
doc: |
  The stream libxl writes around libxc's (Xen 4.6 and later): a 16-octet
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
doc-ref:
  - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Overview'
  - 'xsif specification, libxl-overview (spec/libxl.rst; libxl.html#libxl-overview)'
seq:
  - id: header
    type: header
    doc: Identifies the stream and gives its byte order.
  - id: body
    type: stream_body
    doc: The records, in the byte order the header selects.
types:
  header:
    doc: The first 16 octets, always big-endian whatever the endianness bit says.
    doc-ref:
      - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Header'
      - 'xsif specification, libxl-header (spec/libxl.rst; libxl.html#libxl-header)'
    seq:
      - id: ident_high
        -orig-id: ident
        type: u4
        valid: 0x4c696278
        doc: |
          Octets 0 to 3 of the 64-bit ident, the ASCII characters "Libx". The
          ident is read and checked as its two halves so that every Kaitai
          target checks all 64 bits (a JavaScript number holds 53).
      - id: ident_low
        -orig-id: ident
        type: u4
        valid: 0x6c466d74
        doc: Octets 4 to 7 of the ident, the ASCII characters "lFmt".
      - id: version
        type: u4
        doc: Version of the libxl stream format, 2.
      - id: options
        type: u4
        doc: Bit 0 byte order, bit 1 converted from a legacy stream, bits 2 to 31 reserved.
    instances:
      ident:
        value: ((ident_high.as<u8> * 0x100000000.as<u8>).as<u8> + ident_low.as<u8>).as<u8>
        doc: The 64-bit ident, the ASCII characters "LibxlFmt" (in JavaScript exact below 2^53 only; its halves are exact).
      is_big_endian:
        value: (options & 0x1) != 0
        doc: True when the records are big-endian.
      is_legacy_converted:
        value: (options & 0x2) != 0
        doc: True when the legacy conversion tool wrote the stream.
      reserved_options:
        value: options >> 2
        doc: Option bits 2 to 31, reserved, zero.
  stream_body:
    meta:
      endian:
        switch-on: _parent.header.is_big_endian
        cases:
          true: be
          false: le
    doc: |
      The records up to and including END. Every type of the stream is
      nested here so that it takes on the byte order of the header.
    doc-ref:
      - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Records'
      - 'xsif specification, libxl-records (spec/libxl.rst; libxl.html#libxl-records)'
    seq:
      - id: records
        type: >-
          record(
          _index == 0 ? false : records[_index - 1].libxc_paused_after,
          _index == 0 ? true : records[_index - 1].libxc_little_endian_after,
          _index == 0 ? false : records[_index - 1].colo_state_follows)
        repeat: until
        repeat-until: _.header.type == record_type::end
        doc: |
          The records, the last of which is END. Each is given the state of
          the checkpoint hand-over the records before it leave.
    types:
      record:
        doc: |
          One record: an 8-octet header, the body and zero padding to the next
          multiple of 8 octets; after LIBXC_CONTEXT, the libxc stream; after
          the record that ends a checkpoint, the libxc records that resume it.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Record Overview'
          - 'xsif specification, libxl-record-framing (spec/libxl.rst; libxl.html#libxl-record-framing)'
        params:
          - id: libxc_paused
            type: bool
            doc: |
              True when a libxc stream handed the stream over with a
              CHECKPOINT and has not resumed yet.
          - id: libxc_little_endian
            type: bool
            doc: The byte order of that libxc stream (true for little-endian).
          - id: colo_state_next
            type: bool
            doc: |
              True when the record before was a CHECKPOINT_END followed by a
              COLO CHECKPOINT_STATE: this record is that CHECKPOINT_STATE,
              after which the libxc stream resumes.
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
                record_type::libxc_context: libxc_context_body
                record_type::emulator_xenstore_data: emulator_xenstore_data_body
                record_type::emulator_context: emulator_context_body
                record_type::checkpoint_end: checkpoint_end_body
                record_type::checkpoint_state: checkpoint_state_body
            doc: The record's body; its layout depends on the record type.
          - id: padding
            size: header.padding_length
            doc: Zero octets that align the next record on an 8-octet boundary.
          - id: libxc_stream
            type: xen_libxc_stream(true)
            if: header.type == record_type::libxc_context
            doc: |
              The libxc stream that follows a LIBXC_CONTEXT record: all of it,
              or in a checkpointed stream its records up to the first
              CHECKPOINT.
          - id: libxc_records
            type: xen_libxc_stream::stream_body::record(libxc_little_endian)
            repeat: until
            repeat-until: >-
              _.header.type == xen_libxc_stream::record_type::end
              or _.header.type == xen_libxc_stream::record_type::checkpoint
            if: resumes_libxc
            doc: |
              The libxc records that resume the stream after a checkpoint, up
              to the next CHECKPOINT or the libxc END: after CHECKPOINT_END,
              or after the CHECKPOINT_STATE a COLO primary sends right after
              CHECKPOINT_END (libxl_colo_save.c).
        instances:
          resumes_libxc:
            value: >-
              libxc_paused and (
              (header.type == record_type::checkpoint_end and not colo_state_follows)
              or (header.type == record_type::checkpoint_state and colo_state_next))
            doc: True when the libxc records of a checkpoint follow this record.
          colo_state_follows:
            value: >-
              header.type == record_type::checkpoint_end and libxc_paused
              and _io.size - _io.pos >= 8
              and next_header.type == record_type::checkpoint_state
              and next_header.body_length == 4
            doc: |
              True for a CHECKPOINT_END that a COLO CHECKPOINT_STATE follows
              (its header is type 5 with a body of 4 octets, which no libxc
              record's header can be: type 5 is X86_PV_VCPU_EXTENDED, whose
              body is at least 8 octets). Read when the record has been read,
              from the octets after it.
          next_header:
            pos: _io.pos
            type: record_header
            doc: The header of what follows this record, read when colo_state_follows asks.
          libxc_paused_after:
            value: >-
              header.type == record_type::libxc_context
              ? libxc_stream.body.records.last.header.type == xen_libxc_stream::record_type::checkpoint
              : (resumes_libxc
              ? libxc_records.last.header.type == xen_libxc_stream::record_type::checkpoint
              : libxc_paused)
            doc: True when a libxc stream waits to resume after this record.
          libxc_little_endian_after:
            value: >-
              header.type == record_type::libxc_context
              ? not libxc_stream.image_header.is_big_endian
              : libxc_little_endian
            doc: The byte order of the libxc stream after this record.
      record_header:
        doc: The first 8 octets of a record.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Record Overview'
          - 'xsif specification, libxl-record-framing (spec/libxl.rst; libxl.html#libxl-record-framing)'
        seq:
          - id: type
            type: u4
            enum: record_type
            doc: Record type; bit 31 set marks an optional record.
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
      end_body:
        doc: END marks the end of the libxl stream; its body is empty.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section END'
          - 'xsif specification, libxl-end (spec/libxl.rst; libxl.html#libxl-end)'
        seq: []
      libxc_context_body:
        doc: LIBXC_CONTEXT is empty; the libxc stream follows it.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section LIBXC_CONTEXT'
          - 'xsif specification, libxl-libxc-context (spec/libxl.rst; libxl.html#libxl-libxc-context)'
        seq: []
      emulator_header:
        doc: The start of every emulator record.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section Emulator Records'
          - 'xsif specification, libxl-emulator (spec/libxl.rst; libxl.html#libxl-emulator)'
        seq:
          - id: emulator_id
            -orig-id: id
            type: u4
            enum: emulator_id
            doc: Which device model the record is for.
          - id: index
            type: u4
            doc: Index of this emulator among the domain's.
      emulator_xenstore_data_body:
        doc: |
          Xenstore keys and values of one emulator: a packed sequence of
          NUL-terminated strings, key then value, relative to the device
          model's xenstore directory.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section EMULATOR_XENSTORE_DATA'
          - 'xsif specification, libxl-emulator-xenstore-data (spec/libxl.rst; libxl.html#libxl-emulator-xenstore-data)'
        seq:
          - id: header
            type: emulator_header
            doc: Which emulator the keys and values are for.
          - id: strings
            type: strz
            encoding: ASCII
            repeat: eos
            doc: Key, value, key, value, ... each ending in a NUL.
      emulator_context_body:
        doc: The saved state of one emulator, opaque to libxl.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section EMULATOR_CONTEXT'
          - 'xsif specification, libxl-emulator-context (spec/libxl.rst; libxl.html#libxl-emulator-context)'
        seq:
          - id: header
            type: emulator_header
            doc: Which emulator the state is of.
          - id: context
            size-eos: true
            doc: The emulator's own blob.
      checkpoint_end_body:
        doc: CHECKPOINT_END ends the libxl part of a checkpoint; its body is empty.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section CHECKPOINT_END'
          - 'xsif specification, libxl-checkpoint-end (spec/libxl.rst; libxl.html#libxl-checkpoint-end)'
        seq: []
      checkpoint_state_body:
        doc: COLO control information for a checkpoint.
        doc-ref:
          - 'https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=docs/specs/libxl-migration-stream.pandoc;hb=RELEASE-4.22.0 Xen libxl-migration-stream.pandoc (RELEASE-4.22.0), section CHECKPOINT_STATE'
          - 'xsif specification, libxl-checkpoint-state (spec/libxl.rst; libxl.html#libxl-checkpoint-state)'
        seq:
          - id: control_id
            -orig-id: id
            type: u4
            enum: checkpoint_state
            doc: >-
              The checkpoint step this message announces (CHECKPOINT_* in
              Xen's libxl_sr_stream_format.h).
enums:
  record_type:
    0x00000000: end
    0x00000001: libxc_context
    0x00000002: emulator_xenstore_data
    0x00000003: emulator_context
    0x00000004: checkpoint_end
    0x00000005: checkpoint_state
  emulator_id:
    0: unknown
    1: qemu_traditional
    2: qemu_upstream
  checkpoint_state:
    0:
      id: new_checkpoint
      doc: Primary to secondary - start a new checkpoint.
    1:
      id: svm_suspended
      doc: Secondary to primary - the secondary is suspended.
    2:
      id: svm_ready
      doc: Secondary to primary - the secondary is ready to resume.
    3:
      id: svm_resumed
      doc: Secondary to primary - the secondary has resumed.
