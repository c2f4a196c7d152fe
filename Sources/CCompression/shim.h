// The decompressors of compressed image downloads (contract §17): xz (liblzma), zstd (libzstd), bzip2 (libbz2).
// gzip comes from zlib (the CZlib target).
#include <lzma.h>
#include <zstd.h>
#include <bzlib.h>
