// zlib, for the qcow2 reader: it inflates a compressed cluster to find where its deflate stream ends.
#include <zlib.h>
