#include "tcp_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

namespace crible::test {
namespace {

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

bool exited(pid_t pid) {
  int status = 0;
  return ::waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

bool have_xapian_tcpsrv() {
  return std::system("command -v xapian-tcpsrv >/dev/null 2>&1") == 0;
}

XapianTcpServer::XapianTcpServer(const std::filesystem::path& database) : database_(database) {
  std::mt19937 random(
      static_cast<unsigned>(::getpid()) ^
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
  for (int attempt = 0; attempt < 20; ++attempt) {
    const int port = 20000 + static_cast<int>(random() % 30000);
    if (accepts_connections(port)) continue;  // taken
    if (start(port)) return;
  }
  throw std::runtime_error("could not start xapian-tcpsrv on " + database.string());
}

bool XapianTcpServer::start(int port) {
  const std::string port_text = std::to_string(port);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Its own process group: xapian-tcpsrv signals its group when it stops, and the
    // group holds the children it forks per connection.
    ::setpgid(0, 0);
    // Quiet: it reports each closed connection on stderr.
    if (const int null = ::open("/dev/null", O_WRONLY); null >= 0) {
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
    }
    ::execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port",
             port_text.c_str(), "--quiet", database_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: no window where it is still in our group
  // Up to 10 s for it to listen; an early exit means the port was taken.
  for (int wait = 0; wait < 200; ++wait) {
    if (accepts_connections(port)) {
      pid_ = pid;
      port_ = port;
      return true;
    }
    if (exited(pid)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return false;
}

XapianTcpServer::~XapianTcpServer() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGCONT);  // a paused one would not stop
  ::kill(-pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
}

void XapianTcpServer::kill() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  // Its children (one per connection) die with the group; wait until the port is free.
  for (int wait = 0; wait < 200 && accepts_connections(port_); ++wait)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  pid_ = -1;
}

void XapianTcpServer::restart() {
  // The port may take a moment to be free again (TIME_WAIT is allowed by SO_REUSEADDR).
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (start(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("could not restart xapian-tcpsrv on port " + std::to_string(port_));
}

void XapianTcpServer::pause() {
  ::kill(-pid_, SIGSTOP);
}

void XapianTcpServer::resume() {
  ::kill(-pid_, SIGCONT);
}

std::string XapianTcpServer::stub_line() const {
  return "remote 127.0.0.1:" + std::to_string(port_);
}

}  // namespace crible::test
