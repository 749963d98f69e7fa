// A minimal stand-in for the Kaitai Struct Java runtime (io.kaitai:kaitai-struct-runtime),
// which no package registry this project uses provides: enough of its API for the
// generated parsers to compile and for tests/test_target_types.py to run XenPfnWord on
// a few words. Not the runtime.
package io.kaitai.struct;

public class KaitaiStruct {
    protected KaitaiStream _io;

    public KaitaiStruct(KaitaiStream _io) {
        this._io = _io;
    }

    public KaitaiStream _io() {
        return _io;
    }
}
