// The one translation unit that compiles Boost.Beast (BOOST_BEAST_SEPARATE_COMPILATION).
#include "mstation/common/asio.hpp"

#include <boost/beast/src.hpp>
