/** MAX_PATH: a full Win32 path holds at most 259 characters plus its terminating NUL. */
export const MAX_PATH = 260;
/** CreateDirectory's limit: a directory path holds at most 247 characters plus its NUL (room for an 8.3 name). */
export const MAX_DIR_PATH = 248;
/** The most characters a full path may hold, its NUL aside (259): every MAX_PATH check compares with this. */
export const MAX_PATH_CHARS = MAX_PATH - 1;
/** The most characters a directory path may hold, its NUL aside (247). */
export const MAX_DIR_PATH_CHARS = MAX_DIR_PATH - 1;
/** The longest single name (one path segment) NTFS accepts. */
export const MAX_NAME = 255;
/** The longest verbatim (`\\?\`) path, in UTF-16 units. */
export const MAX_VERBATIM_PATH = 32767;
