// Stand-in for the runtime's kaitai/exceptions.h (see kaitaistruct.h here).
#ifndef XSIF_KAITAI_STUB_EXCEPTIONS_H
#define XSIF_KAITAI_STUB_EXCEPTIONS_H
#include <stdexcept>
#include <string>
#include "kaitai/kaitaistruct.h"

namespace kaitai {

class undecided_endianness_error : public std::runtime_error {
public:
    explicit undecided_endianness_error(const std::string& where) : std::runtime_error(where) {}
};

template <typename T>
class validation_not_equal_error : public std::runtime_error {
public:
    validation_not_equal_error(const T&, const T&, kstream*, const std::string& where)
        : std::runtime_error(where) {}
};

template <typename T>
class validation_expr_error : public std::runtime_error {
public:
    validation_expr_error(const T&, kstream*, const std::string& where) : std::runtime_error(where) {}
};

}  // namespace kaitai

#endif
