/** Address ownership map and control-transfer classification; filled by the kernel-bridge issue. */
package ukcf.monitor;
