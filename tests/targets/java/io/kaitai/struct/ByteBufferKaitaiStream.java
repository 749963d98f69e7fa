// Stand-in for the runtime's ByteBufferKaitaiStream (see KaitaiStruct.java here).
package io.kaitai.struct;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;

public class ByteBufferKaitaiStream extends KaitaiStream {
    public ByteBufferKaitaiStream(byte[] data) { bb = ByteBuffer.wrap(data); }
    public ByteBufferKaitaiStream(String fileName) throws IOException {
        this(Files.readAllBytes(Paths.get(fileName)));
    }
}
