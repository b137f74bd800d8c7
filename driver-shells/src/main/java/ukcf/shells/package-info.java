/** Driver entry-point shells; filled by the kernel-bridge issue. */
package ukcf.shells;
