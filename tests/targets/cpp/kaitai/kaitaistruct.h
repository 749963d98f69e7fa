// A minimal stand-in for the Kaitai Struct C++/STL runtime (kaitai/kaitaistruct.h),
// which no package registry this project uses provides: enough of its API for the
// generated parsers to compile and for tests/test_target_types.py to run
// xen_pfn_word on a few words. Not the runtime: no error checks beyond EOF.
#ifndef XSIF_KAITAI_STUB_H
#define XSIF_KAITAI_STUB_H
#define KAITAI_STRUCT_VERSION 11000L
#include <stdint.h>
#include <stdexcept>
#include <string>

namespace kaitai {

class kstream {
public:
    explicit kstream(const std::string& data) : m_data(data), m_pos(0) {}
    bool is_eof() const { return m_pos >= m_data.size(); }
    uint64_t pos() const { return m_pos; }
    uint64_t size() const { return m_data.size(); }
    void seek(uint64_t pos) { m_pos = pos; }
    uint8_t read_u1() { return static_cast<uint8_t>(take(1)[0]); }
    uint16_t read_u2le() { return static_cast<uint16_t>(le(2)); }
    uint16_t read_u2be() { return static_cast<uint16_t>(be(2)); }
    uint32_t read_u4le() { return static_cast<uint32_t>(le(4)); }
    uint32_t read_u4be() { return static_cast<uint32_t>(be(4)); }
    uint64_t read_u8le() { return le(8); }
    uint64_t read_u8be() { return be(8); }
    std::string read_bytes(std::streamsize n) { return take(static_cast<size_t>(n)); }
    std::string read_bytes_full() { return take(m_data.size() - m_pos); }
    std::string read_bytes_term(char term, bool include, bool consume, bool eos_error) {
        size_t end = m_data.find(term, m_pos);
        if (end == std::string::npos) {
            if (eos_error) throw std::runtime_error("end of stream reached, but no terminator found");
            return read_bytes_full();
        }
        std::string out = m_data.substr(m_pos, end - m_pos + (include ? 1 : 0));
        m_pos = end + (consume ? 1 : 0);
        return out;
    }
    static std::string bytes_to_str(const std::string& src, const char*) { return src; }
    static int mod(int a, int b) { int r = a % b; return r < 0 ? r + b : r; }

private:
    std::string take(size_t n) {
        if (m_data.size() - m_pos < n) throw std::out_of_range("EOF");
        std::string out = m_data.substr(m_pos, n);
        m_pos += n;
        return out;
    }
    uint64_t le(size_t n) {
        std::string b = take(n);
        uint64_t v = 0;
        for (size_t i = n; i-- > 0;) v = (v << 8) | static_cast<uint8_t>(b[i]);
        return v;
    }
    uint64_t be(size_t n) {
        std::string b = take(n);
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++) v = (v << 8) | static_cast<uint8_t>(b[i]);
        return v;
    }
    std::string m_data;
    uint64_t m_pos;
};

class kstruct {
public:
    explicit kstruct(kstream* io) : m__io(io) {}
    virtual ~kstruct() {}
protected:
    kstream* m__io;
public:
    kstream* _io() { return m__io; }
};

}  // namespace kaitai

#endif
