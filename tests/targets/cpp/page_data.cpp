// Runs the generated C++ parsers of version 1 (xen_save_image_v1) and of the
// libxc stream (xen_libxc_stream) on the images given as arguments ("v1 PATH"
// or "libxc PATH") and prints, for every pfn entry of every PAGE_DATA record,
// "PATH RECORD ENTRY PFN PAGE_TYPE", the page type read as the enum
// `word.page_type`.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include "xen_libxc_stream.h"
#include "xen_save_image_v1.h"

template <class Body, class Image>
static void page_data(const char* path, Image& image, int page_data_type) {
    int r = 0;
    for (auto* record : *image.body()->records()) {
        if (static_cast<int>(record->header()->type()) == page_data_type) {
            int k = 0;
            for (auto* entry : *static_cast<Body*>(record->body())->pfns()) {
                std::printf("%s %d %d %llu %d\n", path, r, k++,
                            static_cast<unsigned long long>(entry->pfn()),
                            static_cast<int>(entry->word()->page_type()));
            }
        }
        r++;
    }
}

int main(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; i += 2) {
        std::ifstream f(argv[i + 1], std::ios::binary);
        std::stringstream data;
        data << f.rdbuf();
        kaitai::kstream io(data.str());
        if (std::string(argv[i]) == "v1") {
            xen_save_image_v1_t image(&io);
            page_data<xen_save_image_v1_t::image_body_t::page_data_body_t>(
                argv[i + 1], image, xen_save_image_v1_t::RECORD_TYPE_PAGE_DATA);
        } else {
            xen_libxc_stream_t image(false, &io);  // a stream on its own: to END
            page_data<xen_libxc_stream_t::stream_body_t::page_data_body_t>(
                argv[i + 1], image, xen_libxc_stream_t::RECORD_TYPE_PAGE_DATA);
        }
    }
    return 0;
}
