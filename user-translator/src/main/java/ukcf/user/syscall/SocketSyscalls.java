package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.FD;
import static ukcf.user.syscall.Arg.HEX;
import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.UNSIGNED;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ukcf.user.abi.StructBuffer;
import ukcf.user.abi.StructLayout;
import ukcf.user.fs.OpenFile;
import ukcf.user.net.AlgSocket;
import ukcf.user.net.Socket;
import ukcf.user.net.SocketMessage;
import ukcf.user.process.GuestProcess;

/**
 * The socket calls (net/socket.c), both as i386's direct system calls and through the socketcall multiplexer.
 * The families modelled are those that reach the host kernel's services: AF_ALG (the crypto API). Any other
 * family answers EAFNOSUPPORT with a one-line warning.
 */
final class SocketSyscalls {
    private SocketSyscalls() { }

    private static final int SOCK_TYPE_MASK = 0xf, SOCK_SEQPACKET = 5, SOCK_NONBLOCK = 04000, SOCK_CLOEXEC = 02000000;
    private static final int O_NONBLOCK = 04000, O_RDWR = 2;
    private static final int MAX_ADDRESS = 128, MAX_OPTION = 1 << 16, MAX_CONTROL = 1 << 16;
    private static final Set<Integer> warnedFamilies = new HashSet<>();

    @Syscall(name = "socket", args = {INT, HEX, INT})
    static int socket(GuestProcess p, int family, int type, int protocol) {
        if ((type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) throw new SyscallError(Errno.EINVAL);
        if (family != AlgSocket.AF_ALG) {
            synchronized (warnedFamilies) {
                if (warnedFamilies.add(family)) System.err.println("ukcf: socket family " + family + " is not modelled (EAFNOSUPPORT)");
            }
            throw new SyscallError(Errno.EAFNOSUPPORT);
        }
        if ((type & SOCK_TYPE_MASK) != SOCK_SEQPACKET) throw new SyscallError(Errno.ESOCKTNOSUPPORT);
        if (protocol != 0) throw new SyscallError(Errno.EPROTONOSUPPORT);
        Socket socket = new AlgSocket(p.processes().kernel().crypto(), O_RDWR | ((type & SOCK_NONBLOCK) != 0 ? O_NONBLOCK : 0));
        return p.files().install(socket, (type & SOCK_CLOEXEC) != 0);
    }

    @Syscall(name = "bind", args = {FD, POINTER, INT})
    static int bind(GuestProcess p, int fd, int address, int length) {
        Socket socket = socket(p, fd);
        if (length < 0 || length > MAX_ADDRESS) throw new SyscallError(Errno.EINVAL);
        socket.bind(p.readBytes(address, length));
        return 0;
    }

    @Syscall(name = "connect", args = {FD, POINTER, INT})
    static int connect(GuestProcess p, int fd, int address, int length) {
        socket(p, fd);
        throw new SyscallError(Errno.EOPNOTSUPP);
    }

    @Syscall(name = "listen", args = {FD, INT})
    static int listen(GuestProcess p, int fd, int backlog) {
        socket(p, fd);
        return 0; // AF_ALG accepts without listening (sock_no_listen is not reached for alg sockets)
    }

    @Syscall(name = "accept4", args = {FD, POINTER, POINTER, HEX})
    static int accept4(GuestProcess p, int fd, int address, int lengthPointer, int flags) {
        if ((flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0) throw new SyscallError(Errno.EINVAL);
        OpenFile accepted = socket(p, fd).accept();
        if ((flags & SOCK_NONBLOCK) != 0) accepted.setStatusFlags(accepted.statusFlags() | O_NONBLOCK);
        if (address != 0 && lengthPointer != 0) p.write32(lengthPointer, 0);
        return p.files().install(accepted, (flags & SOCK_CLOEXEC) != 0);
    }

    @Syscall(name = "setsockopt", args = {FD, INT, INT, POINTER, INT})
    static int setsockopt(GuestProcess p, int fd, int level, int name, int value, int length) {
        Socket socket = socket(p, fd);
        if (length < 0 || length > MAX_OPTION) throw new SyscallError(Errno.EINVAL);
        socket.setOption(level, name, value == 0 ? new byte[0] : p.readBytes(value, length));
        return 0;
    }

    @Syscall(name = "getsockopt", args = {FD, INT, INT, POINTER, POINTER})
    static int getsockopt(GuestProcess p, int fd, int level, int name, int value, int lengthPointer) {
        socket(p, fd);
        throw new SyscallError(Errno.ENOPROTOOPT);
    }

    @Syscall(name = "sendmsg", args = {FD, POINTER, HEX})
    static int sendmsg(GuestProcess p, int fd, int message, int flags) {
        Socket socket = socket(p, fd);
        StructBuffer m = StructLayout.of("msghdr").wrap(p.readBytes(message, StructLayout.of("msghdr").size()));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int[] iov : FileSyscalls.iovecs(p, m.getInt("msg_iov"), m.getInt("msg_iovlen"))) {
            data.writeBytes(p.readBytes(iov[0], iov[1]));
        }
        List<SocketMessage.ControlMessage> controls = controls(p, m.getInt("msg_control"), m.getInt("msg_controllen"));
        return socket.send(new SocketMessage(data.toByteArray(), controls, flags));
    }

    @Syscall(name = "sendto", args = {FD, POINTER, UNSIGNED, HEX, POINTER, INT})
    static int sendto(GuestProcess p, int fd, int buffer, int length, int flags, int address, int addressLength) {
        Socket socket = socket(p, fd);
        if (length < 0) throw new SyscallError(Errno.EINVAL);
        return socket.send(new SocketMessage(p.readBytes(buffer, length), List.of(), flags));
    }

    @Syscall(name = "recvmsg", args = {FD, POINTER, HEX})
    static int recvmsg(GuestProcess p, int fd, int message, int flags) {
        Socket socket = socket(p, fd);
        StructLayout layout = StructLayout.of("msghdr");
        StructBuffer m = layout.wrap(p.readBytes(message, layout.size()));
        int[][] iovs = FileSyscalls.iovecs(p, m.getInt("msg_iov"), m.getInt("msg_iovlen"));
        int capacity = 0;
        for (int[] iov : iovs) capacity += iov[1];
        Socket.Received r = socket.receive(capacity, flags);
        int at = 0;
        for (int[] iov : iovs) {
            int n = Math.min(iov[1], r.data().length - at);
            if (n <= 0) break;
            p.writeBytes(iov[0], r.data(), at, n);
            at += n;
        }
        p.write32(message + layout.offset("msg_controllen"), 0);
        p.write32(message + layout.offset("msg_flags"), r.flags());
        return (flags & Socket.MSG_TRUNC) != 0 ? r.fullLength() : r.data().length;
    }

    @Syscall(name = "recvfrom", args = {FD, POINTER, UNSIGNED, HEX, POINTER, POINTER})
    static int recvfrom(GuestProcess p, int fd, int buffer, int length, int flags, int address, int lengthPointer) {
        Socket socket = socket(p, fd);
        if (length < 0) throw new SyscallError(Errno.EINVAL);
        Socket.Received r = socket.receive(length, flags);
        p.writeBytes(buffer, r.data());
        if (address != 0 && lengthPointer != 0) p.write32(lengthPointer, 0);
        return (flags & Socket.MSG_TRUNC) != 0 ? r.fullLength() : r.data().length;
    }

    @Syscall(name = "shutdown", args = {FD, INT})
    static int shutdown(GuestProcess p, int fd, int how) {
        socket(p, fd);
        if (how < 0 || how > 2) throw new SyscallError(Errno.EINVAL);
        return 0;
    }

    /** socketcall(2): the pre-4.3 multiplexer; the call's arguments are an array of longs in guest memory. */
    @Syscall(name = "socketcall", args = {INT, POINTER})
    static int socketcall(GuestProcess p, int call, int arguments) {
        int[] counts = {0, 3, 3, 3, 2, 3, 3, 3, 4, 4, 4, 6, 6, 2, 5, 5, 3, 3, 4};
        if (call < 1 || call >= counts.length) throw new SyscallError(Errno.EINVAL);
        int[] a = new int[counts[call]];
        for (int i = 0; i < a.length; i++) a[i] = p.read32(arguments + 4 * i);
        return switch (call) {
            case 1 -> socket(p, a[0], a[1], a[2]);
            case 2 -> bind(p, a[0], a[1], a[2]);
            case 3 -> connect(p, a[0], a[1], a[2]);
            case 4 -> listen(p, a[0], a[1]);
            case 5 -> accept4(p, a[0], a[1], a[2], 0);
            case 9 -> sendto(p, a[0], a[1], a[2], a[3], 0, 0);
            case 10 -> recvfrom(p, a[0], a[1], a[2], a[3], 0, 0);
            case 11 -> sendto(p, a[0], a[1], a[2], a[3], a[4], a[5]);
            case 12 -> recvfrom(p, a[0], a[1], a[2], a[3], a[4], a[5]);
            case 13 -> shutdown(p, a[0], a[1]);
            case 14 -> setsockopt(p, a[0], a[1], a[2], a[3], a[4]);
            case 15 -> getsockopt(p, a[0], a[1], a[2], a[3], a[4]);
            case 16 -> sendmsg(p, a[0], a[1], a[2]);
            case 17 -> recvmsg(p, a[0], a[1], a[2]);
            case 18 -> accept4(p, a[0], a[1], a[2], a[3]);
            default -> throw new SyscallError(Errno.EOPNOTSUPP); // getsockname, getpeername, socketpair
        };
    }

    private static Socket socket(GuestProcess p, int fd) {
        if (!(p.files().get(fd) instanceof Socket socket)) throw new SyscallError(Errno.ENOTSOCK);
        return socket;
    }

    /** The cmsghdr chain of a msghdr (CMSG_FIRSTHDR/CMSG_NXTHDR with 4-byte alignment on i386). */
    private static List<SocketMessage.ControlMessage> controls(GuestProcess p, int address, int length) {
        List<SocketMessage.ControlMessage> controls = new ArrayList<>();
        if (address == 0 || length == 0) return controls;
        if (length < 0 || length > MAX_CONTROL) throw new SyscallError(Errno.ENOBUFS);
        byte[] bytes = p.readBytes(address, length);
        StructLayout header = StructLayout.of("cmsghdr");
        int at = 0;
        while (at + header.size() <= length) {
            StructBuffer h = header.wrap(java.util.Arrays.copyOfRange(bytes, at, at + header.size()));
            int cmsgLength = h.getInt("cmsg_len");
            if (cmsgLength < header.size() || cmsgLength > length - at) throw new SyscallError(Errno.EINVAL);
            controls.add(new SocketMessage.ControlMessage(h.getInt("cmsg_level"), h.getInt("cmsg_type"),
                    java.util.Arrays.copyOfRange(bytes, at + header.size(), at + cmsgLength)));
            at += (cmsgLength + 3) & ~3;
        }
        return controls;
    }
}
