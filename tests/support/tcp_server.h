#pragma once
// A real xapian-tcpsrv serving a database on a loopback port, for the life of the
// object: the remote backend as users run it, no mock.

#include <sys/types.h>

#include <filesystem>

namespace crible::test {

class XapianTcpServer {
 public:
  // Starts xapian-tcpsrv on a free port of 127.0.0.1 and waits until it accepts
  // connections. Throws std::runtime_error when it cannot.
  explicit XapianTcpServer(const std::filesystem::path& database);
  ~XapianTcpServer();  // SIGTERM, then waits for it

  // A shard that dies: SIGKILL to its process group (its per-connection children too).
  void kill();
  // Starts it again on the same port (after kill()). Throws std::runtime_error.
  void restart();
  // A shard that hangs: SIGSTOP to its group (connections are accepted by the kernel,
  // never answered); resume() sends SIGCONT.
  void pause();
  void resume();
  XapianTcpServer(const XapianTcpServer&) = delete;
  XapianTcpServer& operator=(const XapianTcpServer&) = delete;

  int port() const { return port_; }
  // A stub file line for it: "remote 127.0.0.1:PORT".
  std::string stub_line() const;

 private:
  bool start(int port);  // false when the port is taken

  std::filesystem::path database_;
  pid_t pid_ = -1;
  int port_ = 0;
};

bool have_xapian_tcpsrv();

}  // namespace crible::test
