package ukcf.user.fs;

import java.util.List;

/** The entries of an open directory and the getdents64 position in them (d_off of the next entry). */
public final class DirectoryListing {
    /** One entry: inode number, dirent d_type, name. */
    public record Entry(long inode, int type, String name) { }

    private final List<Entry> entries;
    private int position;

    public DirectoryListing(List<Entry> entries) {
        this.entries = entries;
    }

    public List<Entry> entries() { return entries; }

    public int position() { return position; }

    public void setPosition(int position) { this.position = Math.max(0, Math.min(position, entries.size())); }
}
