// Runs the generated C++ xen_pfn_word on the words given as arguments
// (16 hex digits each, then le or be) and prints raw, type_code, reserved,
// pfn and pfn_high of each, one line a word.
#include <cstdio>
#include <cstdlib>
#include <string>
#include "xen_pfn_word.h"

int main(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        uint64_t word = std::strtoull(argv[i], 0, 16);
        bool is_le = std::string(argv[i + 1]) == "le";
        std::string data(8, '\0');
        for (int k = 0; k < 8; k++) {
            int shift = is_le ? 8 * k : 8 * (7 - k);
            data[k] = static_cast<char>((word >> shift) & 0xff);
        }
        kaitai::kstream io(data);
        xen_pfn_word_t w(is_le, &io);
        std::printf("%llu %llu %llu %llu %llu\n",
                    static_cast<unsigned long long>(w.raw()),
                    static_cast<unsigned long long>(w.type_code()),
                    static_cast<unsigned long long>(w.reserved()),
                    static_cast<unsigned long long>(w.pfn()),
                    static_cast<unsigned long long>(w.pfn_high()));
    }
    return 0;
}
