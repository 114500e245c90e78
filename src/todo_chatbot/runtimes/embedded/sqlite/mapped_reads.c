/*
** Mapped reads: a SQLite VFS, "unix-mapped", that reads the main database file
** through a memory map kept for as long as the file is open.
**
** Why: SQLite empties a connection's page cache whenever another connection
** has committed, and reads every page again, one pread() each. With worker
** processes that is nearly every list (docs/benchmarks.md counts 62 read calls
** for one). SQLite's own memory map (PRAGMA mmap_size) does not help there: it
** unmaps the whole file at each of those drops, and every page is then faulted
** in again. This VFS keeps one map per open file for as long as it is open,
** so a page read after a drop costs no system call.
**
** It wraps the "unix" VFS and changes only how the main database file is read:
** xRead copies out of the map, and xFetch (which the pager uses instead where
** PRAGMA mmap_size is above zero) points into it, with no copy at all. A read
** that does not lie inside the file, a read of any other file (the WAL,
** journals) and every read of a file that could not be mapped go to the unix
** VFS as before. Reads through a shared map of a file see what pwrite()
** wrote, since Linux has one page cache for both.
**
** The map reserves more address space than the file needs and is never
** remapped, so it covers the file as it grows. Touching a mapped page past
** the file's end would raise SIGBUS, so a read comes from the map only below
** the file's size as last seen, and that size is read again (fstat) when a
** read past it is asked for and when a read transaction begins (the second is
** only a safeguard: SQLite never reads past the end of a file that shrank
** while no snapshot needed it). A database file shrinks only when a checkpoint
** truncates it after pages were freed for good (VACUUM, auto-vacuum), and then
** only to a size that no reader's snapshot exceeds.
**
** The file descriptor is the unix VFS's own (struct UnixFileHead mirrors the
** start of its unixFile, unchanged since SQLite 3.7); before mapping, the
** descriptor is checked to be the file that was opened, by device and inode,
** and a file that fails the check is read the usual way.
**
** Loaded as a SQLite extension (mapped_reads.py), it registers the VFS for
** the whole process and stays loaded.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define MAPPED_VFS_NAME "unix-mapped"

/* Address space reserved per open database file: 64 GiB, of which only the
** pages read are ever backed. Reads past it go to the unix VFS. */
#define MAP_RESERVE ((size_t)1 << 36)

typedef struct MappedFile {
  sqlite3_file base;           /* pMethods: mappedMethods */
  sqlite3_file *real;          /* the unix VFS's file, stored right after this */
  const unsigned char *map;    /* the file's map, or 0 where reads go to real */
  sqlite3_int64 size;          /* the file's size when last seen */
  sqlite3_int64 mmapLimit;     /* PRAGMA mmap_size, which only turns xFetch on */
  int fd;                      /* the unix VFS's descriptor of the file */
} MappedFile;

struct UnixFileHead {
  const sqlite3_io_methods *pMethod;
  sqlite3_vfs *pVfs;
  void *pInode;
  int h;
};

static sqlite3_vfs *unixVfs;
static sqlite3_vfs mappedVfs;
static sqlite3_io_methods mappedMethods;

#define REAL(f) (((MappedFile *)(f))->real)

/* Reads the file's size again; with no size known, reads go to the unix VFS. */
static void seeFileSize(MappedFile *p){
  struct stat st;
  p->size = fstat(p->fd, &st) == 0 ? st.st_size : 0;
}

static int insideFile(MappedFile *p, int amount, sqlite3_int64 offset){
  return offset >= 0 && offset + amount <= p->size;
}

/* Where these bytes are in the map, or 0 where they are not in it (nothing
** mapped, or not inside the file even once its size is read again). */
static const unsigned char *inMap(MappedFile *p, int amount, sqlite3_int64 offset){
  if( p->map == 0 ) return 0;
  if( !insideFile(p, amount, offset) ) seeFileSize(p);  /* it may have grown */
  return insideFile(p, amount, offset) ? p->map + offset : 0;
}

static int mappedRead(sqlite3_file *f, void *buffer, int amount, sqlite3_int64 offset){
  const unsigned char *mapped = inMap((MappedFile *)f, amount, offset);
  if( mapped ){
    memcpy(buffer, mapped, (size_t)amount);
    return SQLITE_OK;
  }
  return REAL(f)->pMethods->xRead(REAL(f), buffer, amount, offset);
}

static int mappedClose(sqlite3_file *f){
  MappedFile *p = (MappedFile *)f;
  if( p->map ){
    munmap((void *)p->map, MAP_RESERVE);
    p->map = 0;
  }
  return REAL(f)->pMethods->xClose(REAL(f));
}

static int mappedTruncate(sqlite3_file *f, sqlite3_int64 size){
  MappedFile *p = (MappedFile *)f;
  if( size < p->size ) p->size = size;
  return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

/* A read transaction begins: in rollback mode with a shared lock on the file,
** in WAL mode with a shared lock on a read mark of the WAL index. */
static int mappedLock(sqlite3_file *f, int level){
  MappedFile *p = (MappedFile *)f;
  int rc = REAL(f)->pMethods->xLock(REAL(f), level);
  if( rc == SQLITE_OK && p->map && level == SQLITE_LOCK_SHARED ) seeFileSize(p);
  return rc;
}

static int mappedShmLock(sqlite3_file *f, int offset, int n, int flags){
  MappedFile *p = (MappedFile *)f;
  int rc = REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
  if( rc == SQLITE_OK && p->map && flags == (SQLITE_SHM_LOCK | SQLITE_SHM_SHARED) ){
    seeFileSize(p);
  }
  return rc;
}

static int mappedWrite(sqlite3_file *f, const void *buffer, int amount, sqlite3_int64 offset){
  return REAL(f)->pMethods->xWrite(REAL(f), buffer, amount, offset);
}
static int mappedSync(sqlite3_file *f, int flags){
  return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int mappedFileSize(sqlite3_file *f, sqlite3_int64 *size){
  return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int mappedUnlock(sqlite3_file *f, int level){
  return REAL(f)->pMethods->xUnlock(REAL(f), level);
}
static int mappedCheckReservedLock(sqlite3_file *f, int *reserved){
  return REAL(f)->pMethods->xCheckReservedLock(REAL(f), reserved);
}
static int mappedFileControl(sqlite3_file *f, int op, void *arg){
  MappedFile *p = (MappedFile *)f;
  if( op == SQLITE_FCNTL_MMAP_SIZE && p->map ){
    /* mmap_size turns the pager's fetches on; the unix VFS maps nothing itself.
    ** As there: answer the limit in force, then take a new one (-1 asks only). */
    sqlite3_int64 requested = *(sqlite3_int64 *)arg;
    *(sqlite3_int64 *)arg = p->mmapLimit;
    if( requested >= 0 ) p->mmapLimit = requested;
    return SQLITE_OK;
  }
  return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int mappedSectorSize(sqlite3_file *f){
  return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int mappedDeviceCharacteristics(sqlite3_file *f){
  return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int mappedShmMap(sqlite3_file *f, int page, int pageSize, int extend, void volatile **pp){
  return REAL(f)->pMethods->xShmMap(REAL(f), page, pageSize, extend, pp);
}
static void mappedShmBarrier(sqlite3_file *f){
  REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int mappedShmUnmap(sqlite3_file *f, int deleteFlag){
  return REAL(f)->pMethods->xShmUnmap(REAL(f), deleteFlag);
}

/* With PRAGMA mmap_size above zero the pager asks for pages in place (xFetch)
** instead of copies (xRead): give it pointers into this file's map, which
** stays open. Dropping them all (page 0) is what SQLite does at each cache
** drop; the map outlives that. */
static int mappedFetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **pp){
  MappedFile *p = (MappedFile *)f;
  if( p->map == 0 ) return REAL(f)->pMethods->xFetch(REAL(f), offset, amount, pp);
  *pp = (void *)inMap(p, amount, offset);
  return SQLITE_OK;
}
static int mappedUnfetch(sqlite3_file *f, sqlite3_int64 offset, void *page){
  MappedFile *p = (MappedFile *)f;
  if( p->map == 0 ) return REAL(f)->pMethods->xUnfetch(REAL(f), offset, page);
  return SQLITE_OK;
}

/* Maps the file the unix VFS opened as `name`, if its descriptor is that file. */
static void mapDatabaseFile(MappedFile *p, const char *name){
  const struct UnixFileHead *head = (const struct UnixFileHead *)p->real;
  struct stat byName, byDescriptor;
  void *map;
  if( sizeof(void *) < 8 || name == 0 ) return;
  if( stat(name, &byName) != 0 || fstat(head->h, &byDescriptor) != 0 ) return;
  if( !S_ISREG(byDescriptor.st_mode) ) return;
  if( byName.st_dev != byDescriptor.st_dev || byName.st_ino != byDescriptor.st_ino ) return;
  map = mmap(0, MAP_RESERVE, PROT_READ, MAP_SHARED, head->h, 0);
  if( map == MAP_FAILED ) return;
  p->fd = head->h;
  p->map = map;
  p->size = byDescriptor.st_size;
}

static int mappedOpen(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *outFlags){
  MappedFile *p = (MappedFile *)f;
  int rc;
  (void)vfs;
  memset(p, 0, sizeof(*p));
  p->real = (sqlite3_file *)&p[1];
  rc = unixVfs->xOpen(unixVfs, name, p->real, flags, outFlags);
  if( p->real->pMethods == 0 ) return rc;
  f->pMethods = &mappedMethods;
  if( rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_DB) ) mapDatabaseFile(p, name);
  return rc;
}

static int vfsDelete(sqlite3_vfs *vfs, const char *name, int syncDir){
  (void)vfs;
  return unixVfs->xDelete(unixVfs, name, syncDir);
}
static int vfsAccess(sqlite3_vfs *vfs, const char *name, int flags, int *result){
  (void)vfs;
  return unixVfs->xAccess(unixVfs, name, flags, result);
}
static int vfsFullPathname(sqlite3_vfs *vfs, const char *name, int size, char *out){
  (void)vfs;
  return unixVfs->xFullPathname(unixVfs, name, size, out);
}
static void *vfsDlOpen(sqlite3_vfs *vfs, const char *path){
  (void)vfs;
  return unixVfs->xDlOpen(unixVfs, path);
}
static void vfsDlError(sqlite3_vfs *vfs, int size, char *message){
  (void)vfs;
  unixVfs->xDlError(unixVfs, size, message);
}
static void (*vfsDlSym(sqlite3_vfs *vfs, void *handle, const char *symbol))(void){
  (void)vfs;
  return unixVfs->xDlSym(unixVfs, handle, symbol);
}
static void vfsDlClose(sqlite3_vfs *vfs, void *handle){
  (void)vfs;
  unixVfs->xDlClose(unixVfs, handle);
}
static int vfsRandomness(sqlite3_vfs *vfs, int size, char *out){
  (void)vfs;
  return unixVfs->xRandomness(unixVfs, size, out);
}
static int vfsSleep(sqlite3_vfs *vfs, int microseconds){
  (void)vfs;
  return unixVfs->xSleep(unixVfs, microseconds);
}
static int vfsCurrentTime(sqlite3_vfs *vfs, double *now){
  (void)vfs;
  return unixVfs->xCurrentTime(unixVfs, now);
}
static int vfsGetLastError(sqlite3_vfs *vfs, int size, char *out){
  (void)vfs;
  return unixVfs->xGetLastError(unixVfs, size, out);
}
static int vfsCurrentTimeInt64(sqlite3_vfs *vfs, sqlite3_int64 *now){
  (void)vfs;
  return unixVfs->xCurrentTimeInt64(unixVfs, now);
}

/* The extension's entry point, named after the library (_mapped_reads.so). */
int sqlite3_mappedreads_init(sqlite3 *db, char **error, const sqlite3_api_routines *api){
  SQLITE_EXTENSION_INIT2(api);
  (void)db;
  if( sqlite3_vfs_find(MAPPED_VFS_NAME) ) return SQLITE_OK_LOAD_PERMANENTLY;
  unixVfs = sqlite3_vfs_find("unix");
  /* Every file of the unix VFS has version 3 methods, which these forward. */
  if( unixVfs == 0 || unixVfs->iVersion < 2 ){
    *error = sqlite3_mprintf("mapped reads need SQLite's unix VFS");
    return SQLITE_ERROR;
  }
  mappedVfs.iVersion = 2;
  mappedVfs.szOsFile = (int)sizeof(MappedFile) + unixVfs->szOsFile;
  mappedVfs.mxPathname = unixVfs->mxPathname;
  mappedVfs.zName = MAPPED_VFS_NAME;
  mappedVfs.xOpen = mappedOpen;
  mappedVfs.xDelete = vfsDelete;
  mappedVfs.xAccess = vfsAccess;
  mappedVfs.xFullPathname = vfsFullPathname;
  mappedVfs.xDlOpen = vfsDlOpen;
  mappedVfs.xDlError = vfsDlError;
  mappedVfs.xDlSym = vfsDlSym;
  mappedVfs.xDlClose = vfsDlClose;
  mappedVfs.xRandomness = vfsRandomness;
  mappedVfs.xSleep = vfsSleep;
  mappedVfs.xCurrentTime = vfsCurrentTime;
  mappedVfs.xGetLastError = vfsGetLastError;
  mappedVfs.xCurrentTimeInt64 = vfsCurrentTimeInt64;
  mappedMethods = (sqlite3_io_methods){
    3,
    mappedClose, mappedRead, mappedWrite, mappedTruncate, mappedSync, mappedFileSize,
    mappedLock, mappedUnlock, mappedCheckReservedLock, mappedFileControl,
    mappedSectorSize, mappedDeviceCharacteristics,
    mappedShmMap, mappedShmLock, mappedShmBarrier, mappedShmUnmap,
    mappedFetch, mappedUnfetch,
  };
  if( sqlite3_vfs_register(&mappedVfs, 0) != SQLITE_OK ){
    *error = sqlite3_mprintf("could not register the %s VFS", MAPPED_VFS_NAME);
    return SQLITE_ERROR;
  }
  return SQLITE_OK_LOAD_PERMANENTLY;
}
