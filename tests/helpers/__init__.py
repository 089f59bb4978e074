"""What several test modules share (data, fakes, fixtures), so no test module imports another."""
