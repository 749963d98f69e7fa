// Runs the generated Java XenPfnWord on the words given as arguments (16 hex
// digits each, then le or be) and prints raw (as unsigned), type_code,
// reserved, pfn and pfn_high of each, one line a word.
import io.kaitai.struct.ByteBufferKaitaiStream;

public class PfnWords {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            long word = Long.parseUnsignedLong(args[i], 16);
            boolean le = args[i + 1].equals("le");
            byte[] data = new byte[8];
            for (int k = 0; k < 8; k++) {
                int shift = le ? 8 * k : 8 * (7 - k);
                data[k] = (byte) (word >>> shift);
            }
            XenPfnWord w = new XenPfnWord(new ByteBufferKaitaiStream(data), le);
            System.out.println(Long.toUnsignedString(w.raw()) + " " + w.typeCode() + " "
                + w.reserved() + " " + w.pfn() + " " + w.pfnHigh());
        }
    }
}
