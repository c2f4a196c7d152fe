// Linux file calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc module is built without.
// Used by image downloads to write their bytes back as they go (SkyliftExecutors' DownloadFile).
#ifdef __linux__
// sync_file_range(2): start and/or wait for the writeback of a byte range of a file. Its offsets are off64_t, a
// long on the 64-bit Linux targets Skylift builds for (no system header is included here: the types it declares
// would become this module's, hiding them from Swift code that gets them from Glibc).
extern int sync_file_range(int fd, long offset, long nbytes, unsigned int flags);

enum {
    SKYLIFT_SYNC_FILE_RANGE_WAIT_BEFORE = 1,
    SKYLIFT_SYNC_FILE_RANGE_WRITE = 2,
    SKYLIFT_SYNC_FILE_RANGE_WAIT_AFTER = 4,
};
#endif
