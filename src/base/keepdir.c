#include "keepdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int xd_keepdir_prepare(const char *dir, xd_diags *d)
{
    if (!dir || !*dir)
        return xd_error(d, XD_EUSAGE, "--keep: expected a folder name");
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return xd_error(d, XD_EOUTPUT, "--keep: cannot create the folder '%s': %s", dir, strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return xd_error(d, XD_EUSAGE, "--keep: '%s' exists and is not a folder", dir);
    char marker[4096];
    int n = snprintf(marker, sizeof marker, "%s/%s", dir, XD_KEEPDIR_MARKER);
    if (n < 0 || (size_t)n >= sizeof marker)
        return xd_error(d, XD_EOUTPUT, "--keep: the folder name '%s' is too long", dir);
    if (lstat(marker, &st) != 0) {
        DIR *dp = opendir(dir);
        if (!dp)
            return xd_error(d, XD_EOUTPUT, "--keep: cannot read the folder '%s': %s", dir, strerror(errno));
        char names[3][256];
        size_t count = 0;
        struct dirent *e;
        while ((e = readdir(dp)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                if (count < 3)
                    snprintf(names[count], sizeof names[count], "%s", e->d_name);
                count++;
            }
        closedir(dp);
        if (count > 0) {
            char list[1024] = "";
            for (size_t i = 0; i < count && i < 3; i++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", i ? ", " : "", names[i]);
            if (count > 3)
                snprintf(list + strlen(list), sizeof list - strlen(list), " and %zu more", count - 3);
            return xd_error(d, XD_EUSAGE,
                            "--keep: '%s' is not empty (it holds %s) and was not made by extrad --keep; "
                            "its files could be replaced: give a new or empty folder",
                            dir, list);
        }
    } else if (!S_ISREG(st.st_mode)) {
        return xd_error(d, XD_EUSAGE, "--keep: '%s' in '%s' is not extrad's marker file", XD_KEEPDIR_MARKER, dir);
    } else {
        return XD_OK;
    }
    FILE *f = fopen(marker, "w");
    if (!f)
        return xd_error(d, XD_EOUTPUT, "--keep: cannot write in '%s': %s", dir, strerror(errno));
    fputs("This folder holds what extrad --keep left: scripts and data to render the charts again.\n", f);
    if (fclose(f) != 0)
        return xd_error(d, XD_EOUTPUT, "--keep: cannot write in '%s': %s", dir, strerror(errno));
    return XD_OK;
}
