package ukcf.kernel.chardev;

/**
 * A node under /dev for a registered device number, as udev names it: a misc device's name (or nodename), or the
 * name given to device_create ("dri/card0" lies in a subdirectory).
 *
 * @param dev    the kernel's device number (major in the high 12 bits, minor in the low 20)
 * @param mode   the permission bits
 * @param inode  the node's struct inode in kernel memory, handed to the driver's open and release
 * @param serial the node's inode number as stat shows it
 */
public record DeviceNode(String name, int dev, int major, int minor, int mode, int inode, long serial) {
    /** The number as stat's st_rdev encodes it for user space (new_encode_dev). */
    public long userDev() {
        return (minor & 0xff) | (long) major << 8 | (long) (minor & ~0xff) << 12;
    }

    @Override
    public String toString() { return "/dev/" + name + " (" + major + ":" + minor + ")"; }
}
